package io.despacho.judit.messaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.pipeline.InboundEvent;
import io.despacho.pipeline.InboundPublisher;
import io.despacho.shared.ClusterLocks;
import io.despacho.pipeline.Provider;
import io.despacho.judit.JuditConfig;
import io.despacho.judit.client.JuditClient;
import io.despacho.judit.consulta.ConsultaStore;
import io.despacho.judit.consulta.ConsultaStore.Pending;
import io.quarkus.scheduler.Scheduled;

/**
 * Follows pending consultas by asking Judit for their status: the way they end when no callback URL is configured,
 * and a safety net for a callback that never came. A completed request becomes the same request_completed event a
 * callback would be, on despacho.inbound.judit, so one consumer does the rest either way.
 */
@ApplicationScoped
public class ConsultaPoller {

    private static final Logger LOG = Logger.getLogger(ConsultaPoller.class);
    /** Request statuses after which Judit answers nothing more. */
    private static final Set<String> FAILED = Set.of("failed", "error", "cancelled", "canceled");

    private final ConsultaStore consultas;
    private final JuditClient judit;
    private final InboundPublisher publisher;
    private final JuditConfig config;
    private final ObjectMapper mapper;
    private final ClusterLocks locks;

    public ConsultaPoller(ConsultaStore consultas, JuditClient judit, InboundPublisher publisher, JuditConfig config,
            ObjectMapper mapper, ClusterLocks locks) {
        this.locks = locks;
        this.consultas = consultas;
        this.judit = judit;
        this.publisher = publisher;
        this.config = config;
        this.mapper = mapper;
    }

    @Scheduled(identity = "judit-consultas", every = "${despacho.judit.poll-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.usableApiKey().isEmpty()) {
            return;
        }
        locks.runAlone("judit-consultas", config.pollInterval(), () -> {
            try {
                poll();
            } catch (RuntimeException e) {
                LOG.warnf("Judit poll failed: %s", e.getMessage()); // the next poll tries again
            }
        });
    }

    /**
     * Returns how many consultas were found completed and handed to the consumer. Each consulta on its own: one
     * whose status call fails is left for the next poll and the others go on; one Judit reports as failed, or older
     * than {@code despacho.judit.max-pending-age}, ends as FALHOU.
     */
    public int poll() {
        List<InboundEvent> completed = new ArrayList<>();
        Instant now = Instant.now();
        for (Pending consulta : consultas.pending(config.pollBatch())) {
            String status;
            try {
                status = judit.requestStatus(consulta.requestId());
            } catch (RuntimeException e) {
                LOG.warnf("Judit status of request %s not read (%s); asked again next poll", consulta.requestId(),
                        e.getMessage());
                failIfTooOld(consulta, now);
                continue;
            }
            if (FAILED.contains(status.toLowerCase(Locale.ROOT))) {
                consultas.pendingFailed(consulta.id(), "Judit reports the request as " + status);
                continue;
            }
            if (!"completed".equals(status)) {
                failIfTooOld(consulta, now);
            } else {
                ObjectNode event = mapper.createObjectNode().put("event_type", JuditEventProcessor.COMPLETED)
                        .put("reference_type", "request").put("reference_id", consulta.requestId())
                        .put("origin", "despacho-poll");
                // a new id per poll: an earlier poll's event may have found the responses not ready yet
                completed.add(new InboundEvent(Provider.JUDIT, "poll-" + consulta.requestId() + "-"
                        + now.toEpochMilli(), JuditEventProcessor.COMPLETED, consulta.requestId(), event.toString(),
                        now));
            }
        }
        publisher.publishAll(Provider.JUDIT, completed).await().indefinitely();
        return completed.size();
    }

    private void failIfTooOld(Pending consulta, Instant now) {
        if (consulta.criadaEm() != null && consulta.criadaEm().plus(config.maxPendingAge()).isBefore(now)) {
            consultas.pendingFailed(consulta.id(), "no answer from Judit within " + config.maxPendingAge());
        }
    }
}
