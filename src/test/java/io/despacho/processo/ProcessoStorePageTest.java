package io.despacho.processo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;

import org.junit.jupiter.api.Test;

import io.despacho.digesto.mapping.TribprocMapper;
import io.despacho.shared.Cnj;
import io.despacho.shared.Sql;
import io.despacho.testing.DigestoStubs;
import io.despacho.testing.TestCnj;
import io.quarkus.test.junit.QuarkusTest;

/** A report page saved at once keeps the rules of one save: newest snapshot wins, stale ones write nothing. */
@QuarkusTest
class ProcessoStorePageTest {

    static final Instant OLD = Instant.parse("2016-05-03T18:25:01Z");
    static final Instant NEW = Instant.parse("2020-01-01T00:00:00Z");

    @Inject
    ProcessoStore store;

    @Inject
    UserTransaction tx;

    @Inject
    DataSource dataSource;

    @Test
    void aPageMixesNewStaleAndNewerProcesses() throws Exception {
        Cnj existing = TestCnj.next();
        Cnj fresh = TestCnj.next();
        Cnj twice = TestCnj.next();
        tx.begin();
        assertThat(store.saveAll(List.of(snapshot(existing, "2020-01-01T00:00:00", NEW)))).hasSize(1);
        tx.commit();

        tx.begin();
        List<Long> outbox = store.saveAll(List.of(
                snapshot(existing, "2016-05-03T18:25:01", OLD),      // older than stored: nothing written
                snapshot(fresh, "2016-05-03T18:25:01", OLD),         // new
                snapshot(twice, "2020-01-01T00:00:00", NEW),         // the same process twice in one page:
                snapshot(twice, "2016-05-03T18:25:01", OLD)));       // the newer one counts
        tx.commit();

        assertThat(outbox).hasSize(2);
        assertThat(store.record(existing.digits(), null)).get().asString().contains("2020-01-01T00:00:00");
        assertThat(store.record(twice.digits(), null)).get().asString().contains("2020-01-01T00:00:00");
        assertThat(Sql.count(dataSource, "select count(*) from processo_parte p join processo x on x.id = p.processo_id"
                + " where x.cnj = ?", fresh.digits())).isPositive();
    }

    @Test
    void aNewerSnapshotReplacesTheChildren() throws Exception {
        Cnj cnj = TestCnj.next();
        tx.begin();
        store.saveAll(List.of(snapshot(cnj, "2016-05-03T18:25:01", OLD)));
        tx.commit();
        long partes = partes(cnj);

        var newer = DigestoStubs.process(cnj, "2020-01-01T00:00:00");
        newer.withArray("partes").removeAll();
        tx.begin();
        store.saveAll(List.of(new ProcessoStore.Snapshot(TribprocMapper.map(newer, false), NEW, newer.toString())));
        tx.commit();

        assertThat(partes).isPositive();
        assertThat(partes(cnj)).isZero();
    }

    @Test
    void aPageLargerThanOneStatementTakesIsSavedWhole() throws Exception {
        List<ProcessoStore.Snapshot> page = new java.util.ArrayList<>();
        for (int i = 0; i < 1001; i++) { // more rows than multi-row VALUES could bind (32,767 parameters, 25 per row)
            page.add(snapshot(TestCnj.next(), "2016-05-03T18:25:01", OLD));
        }
        tx.begin();
        List<Long> outbox = store.saveAll(page);
        tx.commit();
        assertThat(outbox).hasSize(1001).doesNotHaveDuplicates();
    }

    long partes(Cnj cnj) {
        return Sql.count(dataSource, "select count(*) from processo_parte p join processo x on x.id = p.processo_id"
                + " where x.cnj = ?", cnj.digits());
    }

    static ProcessoStore.Snapshot snapshot(Cnj cnj, String alteradoEm, Instant version) {
        var process = DigestoStubs.process(cnj, alteradoEm);
        return new ProcessoStore.Snapshot(TribprocMapper.map(process, false), version, process.toString());
    }
}
