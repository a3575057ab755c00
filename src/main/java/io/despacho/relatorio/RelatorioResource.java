package io.despacho.relatorio;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.despacho.access.Roles;
import io.despacho.problem.Problem;

@RolesAllowed({ Roles.READER, Roles.OPERATOR })
@SecurityRequirement(name = Roles.READER)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/relatorios")
@Tag(name = "Relatórios")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class RelatorioResource {

    private static final int MAX_PAGE_SIZE = 1000;

    private final RelatorioStore store;

    public RelatorioResource(RelatorioStore store) {
        this.store = store;
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getRelatorio", summary = "A Digesto virtual report", description = "As published on despacho.relatorios.")
    @APIResponse(responseCode = "200", description = "The report record.")
    @APIResponse(responseCode = "404", description = "No such report imported.")
    public Response get(@PathParam("id") long id) {
        return store.record(id)
                .map(json -> Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "No report " + id + " is stored.").toResponse());
    }

    @GET
    @Path("/{id}/processos")
    @Operation(operationId = "listRelatorioProcessos", summary = "The processes a report lists, page by page")
    @APIResponse(responseCode = "200", description = "A page of processes (numero, cnj, tribunal, instância) and the total.")
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
