package io.despacho.publicacao;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.outbox.OutboxStore;
import io.despacho.shared.Hashing;
import io.despacho.shared.Sql;

/**
 * Publications, one per nota id. A nota does not change once published in the journal, so the same nota again
 * (a redelivery, or a re-poll after a crash before it was marked read) changes nothing and publishes nothing.
 */
@ApplicationScoped
public class PublicacaoStore {

    public static final String TOPIC = "despacho.publicacoes";
    public static final String EVENT_TYPE = "io.despacho.publicacao.v1";

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final OutboxStore outbox;

    public PublicacaoStore(DataSource dataSource, ObjectMapper mapper, OutboxStore outbox) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.outbox = outbox;
    }

    /** Stores a new publication and queues its record (caller's transaction); empty when it was already stored. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OptionalLong save(NormalizedPublicacao publicacao, String raw) {
        String record = json(publicacao);
        int inserted = Sql.update(dataSource, "insert into publicacao (id, cnj, texto, jornal, disponibilizada_em,"
                + " publicada_em, vara, numero, nome_id, escritorio_id, raw, record)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::json) on conflict (id) do nothing",
                publicacao.id(), publicacao.cnj() == null ? null : publicacao.cnj().replaceAll("\\D", ""),
                publicacao.texto(), publicacao.jornal(), timestamp(publicacao.disponibilizadaEm()),
                timestamp(publicacao.publicadaEm()), publicacao.vara(), publicacao.numero(), publicacao.nomeId(),
                publicacao.escritorioId(), raw, record);
        if (inserted == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(outbox.add(TOPIC, publicacao.id(), Hashing.sha256Hex(EVENT_TYPE + "|"
                + publicacao.id()), EVENT_TYPE, record));
    }

    @Transactional
    public Optional<String> record(String id) {
        return Sql.firstString(dataSource, "select record::text from publicacao where id = ?", id);
    }

    /** The publications naming a process, newest first. */
    @Transactional
    public List<String> ofProcess(String cnjDigits, int limit) {
        return Sql.list(dataSource, "select record::text from publicacao where cnj = ?"
                + " order by publicada_em desc nulls last, id desc limit ?", row -> row.getString(1), cnjDigits, limit);
    }

    private String json(NormalizedPublicacao publicacao) {
        try {
            return mapper.writeValueAsString(publicacao);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Timestamp timestamp(String instant) {
        return instant == null ? null : Timestamp.from(Instant.parse(instant));
    }
}
