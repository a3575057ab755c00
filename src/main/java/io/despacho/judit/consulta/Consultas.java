package io.despacho.judit.consulta;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.despacho.judit.client.JuditClient;
import io.despacho.judit.consulta.ConsultaStore.Consulta;
import io.despacho.problem.ProviderProblems;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Starts a Judit consulta por documento: on record first (so a callback that comes back is always matched), then
 * POST /requests. It ends by the callback or by the poller, both through despacho.inbound.judit.
 */
@ApplicationScoped
public class Consultas {

    private static final Logger LOG = Logger.getLogger(Consultas.class);

    private final JuditClient judit;
    private final ConsultaStore store;
    private final MeterRegistry registry;

    public Consultas(JuditClient judit, ConsultaStore store, MeterRegistry registry) {
        this.judit = judit;
        this.store = store;
        this.registry = registry;
    }

    public Consulta start(ConsultaDocument document) {
        UUID id = UUID.randomUUID();
        store.created(id, document);
        try {
            String requestId = judit.createRequest(document.searchType(), document.searchKey());
            store.requested(id, requestId);
            LOG.infof("consulta %s: Judit request %s for %s %s", id, requestId, document.tipo(), document.masked());
            registry.counter("despacho.judit.consultas", "outcome", "requested").increment();
        } catch (RuntimeException e) {
            String reason = ProviderProblems.reason(e);
            store.failed(id, reason);
            registry.counter("despacho.judit.consultas", "outcome", "failed").increment();
            throw ProviderProblems.unavailable("Judit did not take the consulta: " + reason + ". Consulta " + id
                    + " is kept as FALHOU.", e);
        }
        return store.find(id).orElseThrow();
    }

    public Optional<Consulta> find(UUID id) {
        return store.find(id);
    }
}
