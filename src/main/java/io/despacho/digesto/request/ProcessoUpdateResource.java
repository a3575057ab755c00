package io.despacho.digesto.request;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
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

import io.despacho.access.Roles;
import io.despacho.problem.Problem;
import io.despacho.shared.Cnj;
import io.smallrye.common.annotation.Blocking;

/**
 * An on-demand court update asked of Digesto, under the process it concerns (the endpoint lives with Digesto).
 */
@RolesAllowed(Roles.OPERATOR)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/processos/{cnj}/atualizar")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class ProcessoUpdateResource {

    private final DigestoRequests digesto;

    public ProcessoUpdateResource(DigestoRequests digesto) {
        this.digesto = digesto;
    }

    @POST
    @Blocking
    @Tag(name = "Processos")
        @Operation(operationId = "requestProcessoUpdate", summary = "Ask Digesto to update the process in court now",
            description = "Calls GET /api/tribproc/{cnj}?id_update_callback=<id>; the evt 13 that Digesto sends when"
                    + " the court was visited carries the id back, stores the process and completes the request."
                    + " Operators only (Authorization: Bearer DESPACHO_OPERATOR_TOKEN): it consumes Digesto credits.")
    @APIResponse(responseCode = "202", description = "Requested; follow it at the Location (/api/atualizacoes/{id}).")
    @APIResponse(responseCode = "400", description = "Not a valid CNJ number.")
    @APIResponse(responseCode = "502", description = "Digesto refused the request (e.g. 4xx).")
    @APIResponse(responseCode = "503", description = "Digesto could not be reached, or its circuit is open.")
    public Response atualizar(@PathParam("cnj") String cnj) {
        Cnj number = Cnj.parse(cnj).orElse(null);
        if (number == null) {
            return Problem.of(Response.Status.BAD_REQUEST, "Not a valid CNJ number.").toResponse();
        }
        var atualizacao = digesto.requestUpdate(number);
        return Response.accepted(atualizacao).location(URI.create("/api/atualizacoes/" + atualizacao.id())).build();
    }
}
