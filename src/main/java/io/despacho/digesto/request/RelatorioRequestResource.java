package io.despacho.digesto.request;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.access.Roles;
import io.despacho.problem.Problem;
import io.smallrye.common.annotation.Blocking;

/**
 * Virtual reports asked of Digesto over a list of CNJs, and where each request stands. The path is shared with
 * {@code relatorio.RelatorioResource} (the imported reports); these endpoints live with Digesto.
 */
@RolesAllowed({ Roles.READER, Roles.OPERATOR })
@SecurityRequirement(name = Roles.READER)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/relatorios")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class RelatorioRequestResource {

    private final DigestoRequests digesto;

    public RelatorioRequestResource(DigestoRequests digesto) {
        this.digesto = digesto;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @SecurityRequirement(name = Roles.OPERATOR)
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = "Relatórios")
        @Operation(operationId = "requestRelatorio", summary = "Create and order a Digesto virtual report over a list of CNJ numbers",
            description = "Body {\"cnjs\": [\"0016377-46.2015.8.07.0003\", ...]}: up to 40,000 distinct valid CNJs"
                    + " (duplicates are dropped), and optionally \"instancias\": [1, 2] (the instances to update, each"
                    + " billed; Digesto's default is the 1st). Calls create_virtual_report, then bill_start_update; the report's"
                    + " 15/16 webhooks import it and advance the request (GET /api/relatorios/{id}/solicitacao)."
                    + " Operators only (Authorization: Bearer DESPACHO_OPERATOR_TOKEN): it consumes Digesto credits.")
    @APIResponse(responseCode = "201", description = "Created and ordered; Location is the request's status.")
    @APIResponse(responseCode = "400", description = "No list, an invalid CNJ (each named), or more than 40,000.")
    @APIResponse(responseCode = "502", description = "Digesto refused the creation or the order.")
    @APIResponse(responseCode = "503", description = "Digesto could not be reached; a created report stays CRIADO.")
    public Response solicitar(JsonNode body) {
        ReportCnjs.Parsed parsed = ReportCnjs.parse(body);
        if (!parsed.valid()) {
            return Problem.of(400, "Bad Request", "The report request is invalid.", parsed.violations()).toResponse();
        }
        var report = digesto.requestReport(parsed.cnjs(), parsed.instancias());
        return Response.created(URI.create("/api/relatorios/" + report.id() + "/solicitacao")).entity(report).build();
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @SecurityRequirement(name = Roles.OPERATOR)
    @Path("/{id}/encomendar")
    @Blocking
    @Tag(name = "Relatórios")
        @Operation(operationId = "orderRelatorio", summary = "Order again a report whose order failed", description = "Operators only.")
    @APIResponse(responseCode = "200", description = "The request, ENCOMENDADO (or further along).")
    @APIResponse(responseCode = "404", description = "Not requested through Despacho.")
    public Response encomendar(@PathParam("id") long id) {
        return Response.ok(digesto.order(id)).build();
    }

    @GET
    @Path("/{id}/solicitacao")
    @Tag(name = "Relatórios")
    @Operation(operationId = "getRelatorioSolicitacao", summary = "Where a report requested through Despacho stands",
            description = "CRIADO → ENCOMENDADO → PREVIA (evt 15 processed) → CONCLUIDO (evt 16 processed).")
    @APIResponse(responseCode = "200", description = "The request.")
    @APIResponse(responseCode = "404", description = "Not requested through Despacho.")
    public Response solicitacao(@PathParam("id") long id) {
        return digesto.report(id).map(report -> Response.ok(report).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "Report " + id
                        + " was not requested through Despacho.").toResponse());
    }
}
