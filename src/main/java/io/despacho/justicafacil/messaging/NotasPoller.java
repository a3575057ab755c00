package io.despacho.justicafacil.messaging;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.pipeline.InboundEvent;
import io.despacho.pipeline.InboundPublisher;
import io.despacho.pipeline.Provider;
import io.despacho.justicafacil.JusticaFacilConfig;
import io.despacho.justicafacil.client.JusticaFacilClient;
import io.despacho.justicafacil.mapping.NotasXml.Nota;
import io.despacho.shared.Cnj;
import io.despacho.shared.ProviderException;
import io.despacho.shared.ClusterLocks;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * Polls Justiça Fácil for new notas (it has no webhook). Each batch goes on despacho.inbound.justicafacil and only
 * once Kafka has acknowledged all of it are its notas marked read: a crash in between leaves them unread, they come
 * again at the next poll, and the consumer, idempotent on the nota id, stores them once. Every pod may poll; the
 * overlap is harmless for the same reason.
 */
@ApplicationScoped
public class NotasPoller {

    private static final Logger LOG = Logger.getLogger(NotasPoller.class);
    static final int RECOVERY_PAGE_SIZE = 100;
    private static final int MAX_RECOVERY_PAGES = 1000;

    private final JusticaFacilClient client;
    private final InboundPublisher publisher;
    private final JusticaFacilConfig config;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final ClusterLocks locks;

    public NotasPoller(JusticaFacilClient client, InboundPublisher publisher, JusticaFacilConfig config,
            ObjectMapper mapper, MeterRegistry registry, ClusterLocks locks) {
        this.locks = locks;
        this.client = client;
        this.publisher = publisher;
        this.config = config;
        this.mapper = mapper;
        this.registry = registry;
    }

    @Scheduled(identity = "justicafacil-notas", every = "${despacho.justicafacil.poll-interval}",
            delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.usableApiToken().isEmpty()) {
            LOG.warn("JUSTICAFACIL_POLL_INTERVAL is set but JUSTICAFACIL_API_TOKEN is not: notas are not polled");
            return;
        }
        locks.runAlone("justicafacil-notas", config.pollInterval(), () -> {
            try {
                poll();
            } catch (RuntimeException e) {
                // the next poll tries again; nothing was marked read that Kafka does not have
                LOG.warnf("Justiça Fácil poll failed: %s", e.getMessage());
                registry.counter("despacho.justicafacil.polls", "outcome", "failed").increment();
            }
        });
    }

    /** One poll: batch after batch until no new nota is left (or the per-poll limit). Returns the notas taken. */
    public int poll() {
        int taken = 0;
        for (int batch = 0; batch < config.maxBatchesPerPoll(); batch++) {
            List<Nota> notas = client.novas();
            if (notas.isEmpty()) {
                break;
            }
            Instant receivedAt = Instant.now();
            List<InboundEvent> events = notas.stream().map(nota -> event(nota, receivedAt)).toList();
            publisher.publishAll(Provider.JUSTICAFACIL, events).await().indefinitely(); // bounded by its deadline
            markRead(notas.stream().map(Nota::id).toList());
            taken += notas.size();
        }
        registry.counter("despacho.justicafacil.polls", "outcome", "ok").increment();
        registry.counter("despacho.justicafacil.notas").increment(taken);
        return taken;
    }

    /**
     * Takes again every nota published between two dates, page by page from GET /notas/ (nothing is marked): the way
     * back for notas lost by an account that marks them read on delivery, should a pod die between that delivery
     * and Kafka's acknowledgement. Notas already stored are recognised by their id and left alone.
     */
    public Recovered recover(LocalDate from, LocalDate to) {
        int pages = 0;
        int taken = 0;
        for (int page = 1; page <= MAX_RECOVERY_PAGES; page++) {
            List<Nota> notas = client.notas(from, to, page, RECOVERY_PAGE_SIZE);
            pages++;
            if (!notas.isEmpty()) {
                Instant receivedAt = Instant.now();
                publisher.publishAll(Provider.JUSTICAFACIL, notas.stream().map(nota -> event(nota, receivedAt))
                        .toList()).await().indefinitely();
                taken += notas.size();
            }
            if (notas.size() < RECOVERY_PAGE_SIZE) {
                break;
            }
        }
        registry.counter("despacho.justicafacil.notas.recovered").increment(taken);
        return new Recovered(pages, taken);
    }

    /** What a recovery read and handed to the consumer. */
    public record Recovered(int paginas, int notas) {
    }

    /** All at once; when Justiça Fácil refuses the batch (404: an id it does not know), one by one. */
    private void markRead(List<String> ids) {
        try {
            client.markRead(ids);
        } catch (ProviderException e) {
            if (e.isTransient()) {
                throw e; // left unread: taken again at the next poll, stored once
            }
            List<String> refused = new ArrayList<>();
            for (String id : ids) {
                try {
                    client.markRead(List.of(id));
                } catch (ProviderException one) {
                    refused.add(id);
                }
            }
            if (!refused.isEmpty()) {
                LOG.warnf("Justiça Fácil refused to mark notas %s read (%s); they are stored", refused, e.getMessage());
            }
        }
    }

    /** Keyed by the process when the nota names a valid CNJ (its notas in order), else by the nota. */
    InboundEvent event(Nota nota, Instant receivedAt) {
        ObjectNode json = mapper.createObjectNode();
        nota.fields().forEach(json::put);
        String key = Cnj.parse(nota.fields().get("cnj")).map(Cnj::digits).orElse("nota-" + nota.id());
        return new InboundEvent(Provider.JUSTICAFACIL, nota.id(), "nota", key, json.toString(), receivedAt);
    }
}
