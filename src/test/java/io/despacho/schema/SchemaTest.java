package io.despacho.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Flyway built the schema in the real PostgreSQL, and its keys enforce the idempotency rules. */
@QuarkusTest
class SchemaTest {

    @Inject
    DataSource dataSource;

    @Test
    void migrationsCreateTheTables() throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.getMetaData().getTables(null, "public", "%", new String[] { "TABLE" })) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables).contains("received_event", "processo", "processo_parte", "processo_advogado",
                "processo_movimentacao", "processo_anexo", "relatorio", "relatorio_processo", "pedido",
                "pedido_andamento", "outbox", "dead_letter", "flyway_schema_history");
    }

    @Test
    void anEventIsRecordedOncePerProviderAndId() throws SQLException {
        String insert = "insert into received_event (provider, event_id, event_type, record_key, received_at, payload)"
                + " values (?, ?, '13', 'k', now(), '{}'::jsonb)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, "digesto");
            ps.setString(2, "schema-test-1");
            ps.executeUpdate();
            ps.setString(1, "anoreg");
            ps.executeUpdate(); // same id, other provider: a different event
            ps.setString(1, "digesto");
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("duplicate");
        }
    }

    @Test
    void aProcessIsOnePerIdentityAndInstance() throws SQLException {
        // the identity (chave) is the CNJ digits, or <tribunal>:<numero> for a number that is not a CNJ
        String insert = "insert into processo (chave, numero, cnj, instancia, fonte_provedor, source_updated_at,"
                + " content_hash, record, raw) values ('99999999999999999999', '9999999-99.9999.9.99.9999',"
                + " '99999999999999999999', ?, 'DIGESTO', now(), 'h', '{}'::json, '{}'::jsonb)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(insert)) {
            c.setAutoCommit(false);
            ps.setInt(1, 1);
            ps.executeUpdate();
            ps.setInt(1, 2);
            ps.executeUpdate();
            ps.setInt(1, 1);
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLException.class).hasMessageContaining("duplicate");
            c.rollback();
        }
    }
}
