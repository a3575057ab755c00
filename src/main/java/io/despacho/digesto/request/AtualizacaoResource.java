package io.despacho.digesto.request;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
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
import io.despacho.shared.Uuids;

/**
 * Where an on-demand court update asked of Digesto stands.
 */
@RolesAllowed({ Roles.READER, Roles.OPERATOR })
@SecurityRequirement(name = Roles.READER)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/atualizacoes")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class AtualizacaoResource {

    private final DigestoRequests digesto;

    public AtualizacaoResource(DigestoRequests digesto) {
        this.digesto = digesto;
    }

    @GET
    @Path("/{id}")
    @Tag(name = "Processos")
    @Operation(operationId = "getAtualizacao", summary = "An on-demand court update asked of Digesto",
            description = "SOLICITADA until the evt 13 carrying its id is processed (CONCLUIDA, with that event's id);"
                    + " FALHOU when Digesto did not take the request.")
    @APIResponse(responseCode = "200", description = "The request.")
    @APIResponse(responseCode = "404", description = "No such request (or not a UUID).")
    public Response atualizacao(@PathParam("id") String id) {
        return Uuids.parse(id).flatMap(digesto::update).map(a -> Response.ok(a).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "No update request " + id + ".").toResponse());
    }
}
