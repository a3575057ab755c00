package io.despacho.digesto.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.digesto.DigestoConfig;
import io.despacho.digesto.client.DigestoClient;
import io.despacho.digesto.request.RelatorioSolicitadoStore;
import io.despacho.shared.Dates;
import io.despacho.digesto.mapping.TribprocMapper;
import io.despacho.shared.UnmappableException;
import io.despacho.pipeline.InboundRecord;
import io.despacho.pipeline.ReceivedEvents;
import io.despacho.pipeline.Provider;
import io.despacho.outbox.DownstreamPublisher;
import io.despacho.pipeline.Outcome;
import io.despacho.processo.NormalizedProcess;
import io.despacho.processo.ProcessoStore;
import io.despacho.relatorio.RelatorioStore;
import io.despacho.shared.FailedCalls;
import io.despacho.shared.Numbers;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Imports a virtual report (webhooks 15/16): every page of {@code POST /final}, one transaction and one downstream
 * publish per page, so memory holds one page whatever the report's size, and its metadata, which only the report's
 * own record needs: asked for on another worker alongside the pages, so a report costs one provider round trip less.
 * The last page is stored in the transaction that finishes the report and goes out with the report's own record (a
 * one-page report, the usual kind, costs two transactions, not three). A 15 after the report was finished is ignored;
 * a 16 after a 15 imports again (unchanged processes are no-ops) and finishes it.
 */
@ApplicationScoped
public class ReportImporter {

    private static final Logger LOG = Logger.getLogger(ReportImporter.class);

    private final DigestoClient digesto;
    private final ProcessoStore processos;
    private final RelatorioStore relatorios;
    private final ReceivedEvents receivedEvents;
    private final DownstreamPublisher publisher;
    private final RelatorioSolicitadoStore solicitados;
    private final int pageSize;

    public ReportImporter(DigestoClient digesto, ProcessoStore processos, RelatorioStore relatorios,
            ReceivedEvents receivedEvents, DownstreamPublisher publisher, RelatorioSolicitadoStore solicitados,
            DigestoConfig config) {
        this.solicitados = solicitados;
        this.digesto = digesto;
        this.processos = processos;
        this.relatorios = relatorios;
        this.receivedEvents = receivedEvents;
        this.publisher = publisher;
        this.pageSize = config.reportPageSize();
    }

    /**
     * Publishes each page as it is stored but the last; the outcome leaves the last page and the report's record to
     * publish.
     */
    public Outcome importReport(InboundRecord record, long reportId, String status) {
        if (!begin(record, reportId, status)) {
            return Outcome.nothing();
        }
        CompletableFuture<JsonNode> metadataCall = FailedCalls.alongside(() -> digesto.report(reportId),
                Infrastructure.getDefaultWorkerPool());
        Pages pages;
        try {
            pages = importPages(reportId);
        } catch (RuntimeException pageFailure) {
            // waited for, since the consumer's next attempt would start another; its failure is the one reported,
            // as when the metadata was asked for before the pages
            metadataCall.exceptionally(failure -> null).join();
            if (metadataCall.isCompletedExceptionally()) {
                FailedCalls.answer(metadataCall);
            }
            throw pageFailure;
        }
        JsonNode metadata;
        try {
            metadata = FailedCalls.answer(metadataCall);
        } catch (RuntimeException metadataFailure) {
            try {
                // the last page stored and out now, as the pages before it, rather than after the retry
                publisher.publish(storePage(reportId, pages.lastPage()).outboxIds());
            } catch (RuntimeException unstored) {
                metadataFailure.addSuppressed(unstored); // the event's failure stays the provider's
            }
            throw metadataFailure;
        }
        if (metadata.isObject() && pages.fields() != null) {
            ((ObjectNode) metadata).set("final", pages.fields());
        }
        List<Long> toPublish = finish(record, reportId, status, metadata, pages);
        return new Outcome(pages.stored() + toPublish.size(), toPublish);
    }

    /**
     * What the pages said: processes stored, skipped as unmappable, the report's total, its other fields, and the
     * last page's processes, not stored yet: they are stored with the report's finish and go out with its record.
     */
    record Pages(int stored, int ignored, Integer total, ObjectNode fields, JsonNode lastPage) {
    }

    private Pages importPages(long reportId) {
        int storedProcesses = 0;
        ObjectNode pageFields = null;
        int ignored = 0;
        Integer total = null;
        for (int page = 1;; page++) {
            long started = System.nanoTime();
            JsonNode body = digesto.reportPage(reportId, page, pageSize);
            long fetched = System.nanoTime();
            JsonNode hits = body.path("data").path("hits");
            if (pageFields == null && body.isObject()) {
                pageFields = pageFields(body);
            }
            total = total != null ? total : total(hits.get("total"));
            JsonNode list = hits.path("hits");
            if (!list.isArray() || list.isEmpty()) {
                break;
            }
            if (list.size() < pageSize || (total != null && (long) page * pageSize >= total)) {
                LOG.debugf("report %d page %d (last): %d processes, fetch %d ms", reportId, page, list.size(),
                        (fetched - started) / 1_000_000);
                return new Pages(storedProcesses, ignored, total, pageFields, list);
            }
            PageResult result = storePage(reportId, list);
            long stored = System.nanoTime();
            storedProcesses += result.outboxIds().size();
            ignored += result.ignored();
            publisher.publish(result.outboxIds());
            LOG.debugf("report %d page %d: %d processes, fetch %d ms, store %d ms, publish %d ms", reportId, page,
                    list.size(), (fetched - started) / 1_000_000, (stored - fetched) / 1_000_000,
                    (System.nanoTime() - stored) / 1_000_000);
        }
        return new Pages(storedProcesses, ignored, total, pageFields, null);
    }

    /** Records the event and says whether there is work: not seen before, and not a 15 after the report finished. */
    @Transactional
    boolean begin(InboundRecord record, long reportId, String status) {
        if (receivedEvents.alreadyHandled(Provider.DIGESTO, record)) {
            return false;
        }
        if ("PREVIEW".equals(status) && relatorios.status(reportId).filter("FINISHED"::equals).isPresent()) {
            receivedEvents.mark(Provider.DIGESTO, record, ReceivedEvents.Status.IGNORED, "report already finished");
            return false;
        }
        return true;
    }

    record PageResult(List<Long> outboxIds, int ignored) {
    }

    @Transactional
    PageResult storePage(long reportId, JsonNode hits) {
        if (hits == null) {
            return new PageResult(List.of(), 0);
        }
        List<ProcessoStore.Snapshot> snapshots = new ArrayList<>();
        List<String> chaves = new ArrayList<>();
        List<Integer> instancias = new ArrayList<>();
        int ignored = 0;
        for (JsonNode hit : hits) {
            JsonNode source = hit.get("_source");
            try {
                NormalizedProcess process = TribprocMapper.map(source, false);
                // raw = the whole hit: _source with its envelope (_id, _index, _score, ...)
                snapshots.add(new ProcessoStore.Snapshot(process, Dates.instant(source.get("alteradoEm"))
                        .orElse(java.time.Instant.EPOCH), Numbers.sanitized(hit).toString()));
                chaves.add(process.chave());
                instancias.add(process.instancia() == null ? 1 : process.instancia());
            } catch (UnmappableException e) {
                ignored++;
                LOG.warnf("report %d: a process was skipped: %s", reportId, e.getMessage());
            }
        }
        List<Long> outboxIds = processos.saveAll(snapshots); // the page in a few round trips
        relatorios.link(reportId, chaves, instancias);
        return new PageResult(outboxIds, ignored);
    }

    /** Stores the last page and finishes the report; returns the outbox records to publish, the report's last. */
    @Transactional
    List<Long> finish(InboundRecord record, long reportId, String status, JsonNode metadata, Pages pages) {
        PageResult lastPage = storePage(reportId, pages.lastPage());
        List<Long> toPublish = new ArrayList<>(lastPage.outboxIds());
        toPublish.add(markFinished(record, reportId, status, metadata, pages.total(),
                pages.ignored() + lastPage.ignored()));
        return toPublish;
    }

    /** The report's row, its request's progress and the event's outcome; returns the report record's outbox id. */
    private long markFinished(InboundRecord record, long reportId, String status, JsonNode metadata, Integer total,
            int ignored) {
        Integer progresso = Numbers.integer(metadata.get("progress")).orElse(null);
        // {"$date": millis} as documented, or an RFC 1123 text in the page answers
        String finalizadoEm = Dates.dateTimeText(metadata.hasNonNull("finished_at") ? metadata.get("finished_at")
                : metadata.path("final").get("finished_at"));
        long outboxId = relatorios.finish(reportId, status, metadata.path("name").asText(null), progresso, total,
                ignored, finalizadoEm, Numbers.sanitized(metadata).toString());
        solicitados.advanced(reportId, status);
        receivedEvents.mark(Provider.DIGESTO, record, ReceivedEvents.Status.PROCESSED, null);
        return outboxId;
    }

    /**
     * What a page of {@code /final} says besides its processes (eta, excel exports, finished_at, invalid_cnjs, name,
     * progress, tags, the search's took/timed_out/total), kept raw with the report's metadata.
     */
    static ObjectNode pageFields(JsonNode body) {
        ObjectNode fields = body.deepCopy();
        JsonNode hits = fields.path("data").path("hits");
        if (hits.isObject()) {
            ((ObjectNode) hits).remove("hits");
        }
        return fields;
    }

    private static Integer total(JsonNode total) {
        if (total == null || total.isNull()) {
            return null;
        }
        JsonNode value = total.isObject() ? total.get("value") : total; // Elasticsearch 7 shape: {"value": n}
        return Numbers.integer(value).orElse(null);
    }
}
