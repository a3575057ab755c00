package io.despacho.digesto.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.digesto.mapping.DigestoDates;
import io.despacho.digesto.mapping.TribprocMapper;
import io.despacho.shared.UnmappableException;
import io.despacho.digesto.report.ReportImporter;
import io.despacho.digesto.request.AtualizacaoStore;
import io.despacho.inbound.InboundRecord;
import io.despacho.inbound.ReceivedEvents;
import io.despacho.ingress.Provider;
import io.despacho.processo.ProcessoStore;
import io.despacho.shared.Json;
import io.despacho.shared.Uuids;

/**
 * What one Digesto event does: 13/4 store the process they carry, 15/16 import the report they point to, any other
 * type is recorded and ignored. Returns the outbox ids to publish once the transaction has committed.
 */
@ApplicationScoped
public class DigestoEventProcessor {

    private final ObjectMapper mapper;
    private final ReceivedEvents receivedEvents;
    private final ProcessoStore processos;
    private final ReportImporter reports;
    private final AtualizacaoStore atualizacoes;

    public DigestoEventProcessor(ObjectMapper mapper, ReceivedEvents receivedEvents, ProcessoStore processos,
            ReportImporter reports, AtualizacaoStore atualizacoes) {
        this.atualizacoes = atualizacoes;
        this.mapper = mapper;
        this.receivedEvents = receivedEvents;
        this.processos = processos;
        this.reports = reports;
    }

    /** Handles the event; report imports publish page by page themselves and return nothing left to publish. */
    public List<Long> process(InboundRecord record) {
        JsonNode event = record.jsonObject(mapper);
        int type = event.path("evt_type").asInt(-1);
        return switch (type) {
            case 13, 4 -> storeProcess(record, event, type == 4);
            case 15, 16 -> {
                long reportId = Long.parseLong(Json.positiveInteger(event.path("data").get("vr_id"))
                        .orElseThrow(() -> new UnmappableException("data.vr_id is missing")));
                reports.importReport(record, reportId, type == 16 ? "FINISHED" : "PREVIEW");
                yield List.of();
            }
            default -> ignore(record);
        };
    }

    @Transactional
    List<Long> storeProcess(InboundRecord record, JsonNode event, boolean distribution) {
        if (receivedEvents.alreadyHandled(Provider.DIGESTO, record)) {
            return List.of();
        }
        JsonNode data = event.get("data");
        Instant version = DigestoDates.instant(data.get("alteradoEm"))
                .or(() -> DigestoDates.instant(event.get("created_at")))
                .orElse(record.receivedAt());
        OptionalLong outboxId = processos.save(TribprocMapper.map(data, distribution), version, data.toString());
        updateRequestId(event).ifPresent(id -> atualizacoes.answered(id, record.eventId()));
        receivedEvents.mark(Provider.DIGESTO, record, outboxId.isPresent() ? ReceivedEvents.Status.PROCESSED
                : ReceivedEvents.Status.IGNORED, outboxId.isPresent() ? null : "not newer than the stored snapshot");
        return outboxId.isPresent() ? List.of(outboxId.getAsLong()) : List.of();
    }

    /** Our id, when this evt 13 answers an update we asked for (id_update_callback → source_user_custom). */
    static Optional<UUID> updateRequestId(JsonNode event) {
        JsonNode custom = event.get("source_user_custom");
        // anything else was set by someone else's request, e.g. in Digesto's own UI
        return custom == null || !custom.isTextual() ? Optional.empty() : Uuids.parse(custom.textValue().trim());
    }

    @Transactional
    List<Long> ignore(InboundRecord record) {
        if (!receivedEvents.isHandled(Provider.DIGESTO, record)) {
            receivedEvents.mark(Provider.DIGESTO, record, ReceivedEvents.Status.IGNORED, null);
        }
        return List.of();
    }

}
