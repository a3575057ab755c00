package io.despacho.relatorio;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.digesto.request.DigestoRequests;
import io.despacho.digesto.request.ReportCnjs;
import io.despacho.operations.OperatorAuth;

import io.despacho.problem.Problem;
import io.smallrye.common.annotation.Blocking;

@Path("/api/relatorios")
@Tag(name = "Relatórios")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class RelatorioResource {

    private static final int MAX_PAGE_SIZE = 1000;

    private final RelatorioStore store;
    private final DigestoRequests digesto;
    private final OperatorAuth operators;

    public RelatorioResource(RelatorioStore store, DigestoRequests digesto, OperatorAuth operators) {
        this.store = store;
        this.digesto = digesto;
        this.operators = operators;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "operator")
    @Operation(summary = "Create and order a Digesto virtual report over a list of CNJ numbers",
            description = "Body {\"cnjs\": [\"0016377-46.2015.8.07.0003\", ...]}: up to 40,000 distinct valid CNJs"
                    + " (duplicates are dropped), and optionally \"instancias\": [1, 2] (the instances to update, each"
                    + " billed; Digesto's default is the 1st). Calls create_virtual_report, then bill_start_update; the report's"
                    + " 15/16 webhooks import it and advance the request (GET /api/relatorios/{id}/solicitacao)."
                    + " Operators only (Authorization: Bearer DESPACHO_OPERATOR_TOKEN): it consumes Digesto credits.")
    @APIResponse(responseCode = "201", description = "Created and ordered; Location is the request's status.")
    @APIResponse(responseCode = "400", description = "No list, an invalid CNJ (each named), or more than 40,000.")
    @APIResponse(responseCode = "401", description = "Missing or wrong operator token.")
    @APIResponse(responseCode = "502", description = "Digesto refused the creation or the order.")
    @APIResponse(responseCode = "503", description = "Digesto could not be reached; a created report stays CRIADO.")
    public Response solicitar(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, JsonNode body) {
        operators.check(authorization);
        ReportCnjs.Parsed parsed = ReportCnjs.parse(body);
        if (!parsed.valid()) {
            return Problem.of(400, "Bad Request", "The report request is invalid.", parsed.violations()).toResponse();
        }
        var report = digesto.requestReport(parsed.cnjs(), parsed.instancias());
        return Response.created(URI.create("/api/relatorios/" + report.id() + "/solicitacao")).entity(report).build();
    }

    @POST
    @Path("/{id}/encomendar")
    @Blocking
    @SecurityRequirement(name = "operator")
    @Operation(summary = "Order again a report whose order failed", description = "Operators only.")
    @APIResponse(responseCode = "200", description = "The request, ENCOMENDADO (or further along).")
    @APIResponse(responseCode = "404", description = "Not requested through Despacho.")
    public Response encomendar(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("id") long id) {
        operators.check(authorization);
        return Response.ok(digesto.order(id)).build();
    }

    @GET
    @Path("/{id}/solicitacao")
    @Operation(summary = "Where a report requested through Despacho stands",
            description = "CRIADO → ENCOMENDADO → PREVIA (evt 15 processed) → CONCLUIDO (evt 16 processed).")
    @APIResponse(responseCode = "200", description = "The request.")
    @APIResponse(responseCode = "404", description = "Not requested through Despacho.")
    public Response solicitacao(@PathParam("id") long id) {
        return digesto.report(id).map(report -> Response.ok(report).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "Report " + id
                        + " was not requested through Despacho.").toResponse());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A Digesto virtual report", description = "As published on despacho.relatorios.")
    @APIResponse(responseCode = "200", description = "The report record.")
    @APIResponse(responseCode = "404", description = "No such report imported.")
    public Response get(@PathParam("id") long id) {
        return store.record(id)
                .map(json -> Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "No report " + id + " is stored.").toResponse());
    }

    @GET
    @Path("/{id}/processos")
    @Operation(summary = "The CNJ numbers a report lists, page by page")
    @APIResponse(responseCode = "200", description = "A page of CNJ numbers and the total.")
    @APIResponse(responseCode = "400", description = "page < 0 or size outside 1..1000.")
    @APIResponse(responseCode = "404", description = "No such report imported.")
    public Response processos(@PathParam("id") long id, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            return Problem.of(Response.Status.BAD_REQUEST, "page must be >= 0 and size between 1 and "
                    + MAX_PAGE_SIZE + ".").toResponse();
        }
        if (store.status(id).isEmpty()) {
            return Problem.of(Response.Status.NOT_FOUND, "No report " + id + " is stored.").toResponse();
        }
        return Response.ok(store.processos(id, page, size)).build();
    }
}
