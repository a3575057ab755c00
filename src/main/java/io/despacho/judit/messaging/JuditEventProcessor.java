package io.despacho.judit.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.pipeline.InboundRecord;
import io.despacho.pipeline.ReceivedEvents;
import io.despacho.pipeline.Provider;
import io.despacho.judit.JuditConfig;
import io.despacho.judit.client.JuditClient;
import io.despacho.judit.consulta.ConsultaStore;
import io.despacho.judit.consulta.ConsultaStore.Pending;
import io.despacho.judit.mapping.JuditLawsuitMapper;
import io.despacho.outbox.DownstreamPublisher;
import io.despacho.pipeline.Outcome;
import io.despacho.pipeline.ProviderPipeline;
import io.despacho.processo.NormalizedProcess;
import io.despacho.processo.ProcessoStore;
import io.despacho.shared.Json;
import io.despacho.shared.Numbers;
import io.despacho.shared.UnmappableException;

/**
 * What one Judit event does: request_completed pages through GET /responses and stores each lawsuit found as a
 * normalized process (same stale-safe upsert as Digesto's) linked to its consulta, page by page, then concludes the
 * consulta. Other event types (response_created) are recorded and ignored: the completed request's pages hold them.
 */
@ApplicationScoped
public class JuditEventProcessor implements ProviderPipeline {

    private static final Logger LOG = Logger.getLogger(JuditEventProcessor.class);
    static final String COMPLETED = "request_completed";

    private final ObjectMapper mapper;
    private final ReceivedEvents receivedEvents;
    private final ConsultaStore consultas;
    private final ProcessoStore processos;
    private final JuditClient judit;
    private final DownstreamPublisher publisher;
    private final int pageSize;

    public JuditEventProcessor(ObjectMapper mapper, ReceivedEvents receivedEvents, ConsultaStore consultas,
            ProcessoStore processos, JuditClient judit, DownstreamPublisher publisher, JuditConfig config) {
        this.mapper = mapper;
        this.receivedEvents = receivedEvents;
        this.consultas = consultas;
        this.processos = processos;
        this.judit = judit;
        this.publisher = publisher;
        this.pageSize = config.responsesPageSize();
    }

    @Override
    public Provider provider() {
        return Provider.JUDIT;
    }

    @Override
    public int providerAttempts() {
        return JuditClient.MAX_ATTEMPTS;
    }

    /** The raw payload is the lawsuit; the source id, Judit's response id. */
    @Override
    public Optional<NormalizedProcess> remapProcess(JsonNode raw, String sourceId) {
        return Optional.of(JuditLawsuitMapper.map(raw, sourceId));
    }

    /** Publishes page by page as it goes: nothing is left to publish at the end. */
    @Override
    public Outcome process(InboundRecord record) {
        JsonNode event = record.jsonObject(mapper);
        Optional<Pending> consulta = begin(record, event);
        if (consulta.isEmpty()) {
            return Outcome.nothing();
        }
        int stored = 0;
        String requestId = consulta.get().requestId();
        int ignored = 0;
        for (int page = 1;; page++) {
            JsonNode body = judit.responses(requestId, page, pageSize);
            String status = body.path("request_status").asText("");
            if (!"completed".equals(status)) {
                // the callback ran ahead of the responses: the consulta stays PENDENTE and the poller comes back
                leave(record, "request " + requestId + " is " + (status.isEmpty() ? "not completed" : status));
                return new Outcome(stored, List.of());
            }
            JsonNode items = body.path("page_data");
            PageResult result = storePage(consulta.get(), items);
            publisher.publish(result.outboxIds());
            stored += result.outboxIds().size();
            ignored += result.ignored();
            int pages = Numbers.integer(body.get("all_pages_count")).orElse(1);
            if (!items.isArray() || items.isEmpty() || page >= pages) {
                break;
            }
        }
        finish(record, consulta.get(), ignored);
        return new Outcome(stored, List.of());
    }

    /** The pending consulta this event completes; empty (and recorded) when there is nothing to do. */
    @Transactional
    Optional<Pending> begin(InboundRecord record, JsonNode event) {
        if (receivedEvents.alreadyHandled(Provider.JUDIT, record)) {
            return Optional.empty();
        }
        if (!COMPLETED.equals(event.path("event_type").asText())) {
            receivedEvents.mark(Provider.JUDIT, record, ReceivedEvents.Status.IGNORED, null);
            return Optional.empty();
        }
        Optional<Pending> consulta = consultas.pendingByRequest(event.path("reference_id").asText(""));
        if (consulta.isEmpty()) {
            receivedEvents.mark(Provider.JUDIT, record, ReceivedEvents.Status.IGNORED,
                    "no pending consulta for this request");
        }
        return consulta;
    }

    record PageResult(List<Long> outboxIds, int ignored) {
    }

    @Transactional
    PageResult storePage(Pending consulta, JsonNode items) {
        List<Long> outboxIds = new ArrayList<>();
        int ignored = 0;
        for (JsonNode item : items.isArray() ? items : mapper.createArrayNode()) {
            if (!"lawsuit".equals(item.path("response_type").asText())) {
                ignored++; // application_error: e.g. nothing found in a tribunal
                continue;
            }
            JsonNode lawsuit = item.get("response_data");
            try {
                NormalizedProcess process = JuditLawsuitMapper.map(lawsuit, Json.id(item.get("response_id")));
                Instant version = JuditLawsuitMapper.version(lawsuit).orElse(Instant.EPOCH);
                OptionalLong outboxId = processos.save(process, version, Numbers.sanitized(lawsuit).toString());
                outboxId.ifPresent(outboxIds::add);
                consultas.found(consulta.id(), process.chave(), process.instancia());
            } catch (UnmappableException e) {
                LOG.debugf("consulta %s: a lawsuit skipped: %s", consulta.id(), e.getMessage());
                ignored++;
            }
        }
        return new PageResult(outboxIds, ignored);
    }

    @Transactional
    void finish(InboundRecord record, Pending consulta, int ignored) {
        consultas.concluded(consulta.id(), ignored == 0 ? null : ignored + " answer(s) without a usable lawsuit");
        receivedEvents.mark(Provider.JUDIT, record, ReceivedEvents.Status.PROCESSED, null);
    }

    @Transactional
    void leave(InboundRecord record, String why) {
        receivedEvents.mark(Provider.JUDIT, record, ReceivedEvents.Status.IGNORED, why);
    }

}
