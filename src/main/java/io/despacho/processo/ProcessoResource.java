package io.despacho.processo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.despacho.problem.Problem;
import io.despacho.shared.Cnj;

@Path("/api/processos")
@Tag(name = "Processos")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class ProcessoResource {

    private final ProcessoStore store;

    public ProcessoResource(ProcessoStore store) {
        this.store = store;
    }

    @GET
    @Path("/{cnj}")
    @Operation(summary = "The normalized process", description = "As published on despacho.processos.")
    @APIResponse(responseCode = "200", description = "The normalized process (DESIGN.md contract).")
    @APIResponse(responseCode = "400", description = "Not a valid CNJ number (shape or check digits).")
    @APIResponse(responseCode = "404", description = "No such process stored.")
    public Response get(
            @Parameter(description = "CNJ number, formatted (0016377-46.2015.8.07.0003) or digits only")
            @PathParam("cnj") String cnj,
            @Parameter(description = "Instance; the lowest stored one when absent") @QueryParam("instancia") Integer instancia) {
        Cnj number = Cnj.parse(cnj).orElse(null);
        if (number == null) {
            return Problem.of(Response.Status.BAD_REQUEST,
                    "Not a valid CNJ number: use NNNNNNN-DD.AAAA.J.TR.OOOO or its 20 digits, with valid check digits.")
                    .toResponse();
        }
        return store.record(number.digits(), instancia)
                .map(json -> Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "No process " + number + " is stored.")
                        .toResponse());
    }
}
