package io.despacho.digesto.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.digesto.DigestoConfig;
import io.despacho.digesto.client.DigestoClient;
import io.despacho.shared.Dates;
import io.despacho.digesto.mapping.TribprocMapper;
import io.despacho.shared.UnmappableException;
import io.despacho.digesto.report.ReportImporter;
import io.despacho.digesto.request.AtualizacaoStore;
import io.despacho.pipeline.InboundRecord;
import io.despacho.pipeline.ReceivedEvents;
import io.despacho.pipeline.Provider;
import io.despacho.pipeline.Outcome;
import io.despacho.pipeline.ProviderPipeline;
import io.despacho.processo.NormalizedProcess;
import io.despacho.processo.ProcessoStore;
import io.quarkus.runtime.StartupEvent;
import io.despacho.shared.Json;
import io.despacho.shared.Uuids;

/**
 * Digesto's part of the pipeline: 13/4 store the process they carry, 15/16 import the report they point to, any
 * other type is recorded and ignored.
 */
@ApplicationScoped
public class DigestoEventProcessor implements ProviderPipeline {

    private static final Logger LOG = Logger.getLogger(DigestoEventProcessor.class);

    private final ObjectMapper mapper;
    private final ReceivedEvents receivedEvents;
    private final ProcessoStore processos;
    private final ReportImporter reports;
    private final AtualizacaoStore atualizacoes;
    private final boolean apiTokenMissing;

    public DigestoEventProcessor(ObjectMapper mapper, ReceivedEvents receivedEvents, ProcessoStore processos,
            ReportImporter reports, AtualizacaoStore atualizacoes, DigestoConfig config) {
        this.atualizacoes = atualizacoes;
        this.apiTokenMissing = config.usableApiToken().isEmpty();
        this.mapper = mapper;
        this.receivedEvents = receivedEvents;
        this.processos = processos;
        this.reports = reports;
    }

    void warnWithoutApiToken(@Observes StartupEvent event) {
        if (apiTokenMissing) {
            LOG.warn("DIGESTO_API_TOKEN is not set: webhooks are accepted, but events that need the Digesto API"
                    + " (virtual reports) will be dead-lettered until it is set");
        }
    }

    @Override
    public Provider provider() {
        return Provider.DIGESTO;
    }

    @Override
    public int providerAttempts() {
        return DigestoClient.MAX_ATTEMPTS;
    }

    /** A report's process is kept with its hit envelope ({@code _source}); a webhook's is the process itself. */
    @Override
    public Optional<NormalizedProcess> remapProcess(JsonNode raw, String sourceId) {
        return Optional.of(TribprocMapper.map(raw.path("_source").isObject() ? raw.get("_source") : raw, false));
    }

    /** Handles the event; report imports publish page by page as they go and leave the report record. */
    @Override
    public Outcome process(InboundRecord record) {
        JsonNode event = record.jsonObject(mapper);
        int type = event.path("evt_type").asInt(-1);
        return switch (type) {
            case 13, 4 -> storeProcess(record, event, type == 4);
            case 15, 16 -> {
                long reportId = Long.parseLong(Json.positiveInteger(event.path("data").get("vr_id"))
                        .orElseThrow(() -> new UnmappableException("data.vr_id is missing")));
                yield reports.importReport(record, reportId, type == 16 ? "FINISHED" : "PREVIEW");
            }
            default -> ignore(record);
        };
    }

    @Transactional
    Outcome storeProcess(InboundRecord record, JsonNode event, boolean distribution) {
        if (receivedEvents.alreadyHandled(Provider.DIGESTO, record)) {
            return Outcome.nothing();
        }
        JsonNode data = event.get("data");
        Instant version = Dates.instant(data.get("alteradoEm"))
                .or(() -> Dates.instant(event.get("created_at")))
                .orElse(record.receivedAt());
        OptionalLong outboxId = processos.save(TribprocMapper.map(data, distribution), version, data.toString());
        updateRequestId(event).ifPresent(id -> atualizacoes.answered(id, record.eventId()));
        receivedEvents.mark(Provider.DIGESTO, record, outboxId.isPresent() ? ReceivedEvents.Status.PROCESSED
                : ReceivedEvents.Status.IGNORED, outboxId.isPresent() ? null : "not newer than the stored snapshot");
        return outboxId.isPresent() ? Outcome.published(List.of(outboxId.getAsLong())) : Outcome.nothing();
    }

    /** Our id, when this evt 13 answers an update we asked for (id_update_callback → source_user_custom). */
    static Optional<UUID> updateRequestId(JsonNode event) {
        JsonNode custom = event.get("source_user_custom");
        // anything else was set by someone else's request, e.g. in Digesto's own UI
        return custom == null || !custom.isTextual() ? Optional.empty() : Uuids.parse(custom.textValue().trim());
    }

    @Transactional
    Outcome ignore(InboundRecord record) {
        if (!receivedEvents.isHandled(Provider.DIGESTO, record)) {
            receivedEvents.mark(Provider.DIGESTO, record, ReceivedEvents.Status.IGNORED, null);
        }
        return Outcome.nothing();
    }

}
