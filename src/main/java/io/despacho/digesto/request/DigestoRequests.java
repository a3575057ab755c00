package io.despacho.digesto.request;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.despacho.digesto.client.DigestoClient;
import io.despacho.digesto.request.AtualizacaoStore.Atualizacao;
import io.despacho.digesto.request.RelatorioSolicitadoStore.RelatorioSolicitado;
import io.despacho.problem.Problem;
import io.despacho.problem.ProblemException;
import io.despacho.problem.ProviderProblems;
import io.despacho.shared.Cnj;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What Despacho asks of Digesto on a user's behalf: an on-demand court update of one process (answered later by an
 * evt 13 that carries our id in source_user_custom) and virtual reports over a list of CNJs (answered by their
 * 15/16 events). The request is on record before Digesto is called, so an answer that arrives is always matched.
 */
@ApplicationScoped
public class DigestoRequests {

    private static final Logger LOG = Logger.getLogger(DigestoRequests.class);

    private final DigestoClient digesto;
    private final AtualizacaoStore atualizacoes;
    private final RelatorioSolicitadoStore relatorios;
    private final MeterRegistry registry;

    public DigestoRequests(DigestoClient digesto, AtualizacaoStore atualizacoes, RelatorioSolicitadoStore relatorios,
            MeterRegistry registry) {
        this.digesto = digesto;
        this.atualizacoes = atualizacoes;
        this.relatorios = relatorios;
        this.registry = registry;
    }

    public Atualizacao requestUpdate(Cnj cnj) {
        UUID id = UUID.randomUUID();
        atualizacoes.requested(id, cnj);
        try {
            digesto.requestUpdate(cnj.formatted(), id.toString());
            count("atualizacao", "requested");
        } catch (RuntimeException e) {
            String reason = ProviderProblems.reason(e);
            atualizacoes.failed(id, reason);
            count("atualizacao", "failed");
            throw ProviderProblems.unavailable("Digesto did not take the update of " + cnj + ": " + reason
                    + ". Request " + id + " is kept as FALHOU; an evt 13 for it would still complete it.", e);
        }
        return atualizacoes.find(id).orElseThrow();
    }

    public Optional<Atualizacao> update(UUID id) {
        return atualizacoes.find(id);
    }

    /** Creates the report at Digesto, then orders it; a failed order leaves it CRIADO for {@link #order(long)}. */
    public RelatorioSolicitado requestReport(List<Cnj> cnjs, List<Integer> instancias) {
        List<String> numbers = cnjs.stream().map(Cnj::formatted).toList();
        long id;
        try {
            id = digesto.createReport(numbers);
        } catch (RuntimeException e) {
            count("relatorio", "failed");
            throw ProviderProblems.unavailable("Digesto did not create the report: " + ProviderProblems.reason(e)
                    + ". Nothing was ordered.", e);
        }
        relatorios.created(id, numbers, instancias);
        LOG.infof("created Digesto virtual report %d with %d CNJs", id, numbers.size());
        return order(id);
    }

    /** Orders a report created earlier (consumes Digesto credits). */
    public RelatorioSolicitado order(long id) {
        RelatorioSolicitado report = relatorios.find(id).orElseThrow(() -> new ProblemException(Problem.of(
                Response.Status.NOT_FOUND, "Report " + id + " was not requested through Despacho.")));
        if (!"CRIADO".equals(report.status())) {
            return report; // already ordered: Digesto would refuse a second order
        }
        try {
            digesto.orderReport(id, report.instancias());
            relatorios.ordered(id);
            count("relatorio", "ordered");
        } catch (RuntimeException e) {
            String reason = ProviderProblems.reason(e);
            relatorios.orderFailed(id, reason);
            count("relatorio", "failed");
            throw ProviderProblems.unavailable("Report " + id + " was created but Digesto did not take the order: "
                    + reason + ". Order it again with POST /api/relatorios/" + id + "/encomendar.", e);
        }
        return relatorios.find(id).orElseThrow();
    }

    public Optional<RelatorioSolicitado> report(long id) {
        return relatorios.find(id);
    }

    private void count(String request, String outcome) {
        registry.counter("despacho.digesto.requests", "request", request, "outcome", outcome).increment();
    }
}
