package io.despacho.operations;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
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
import io.smallrye.common.annotation.Blocking;

/** Renormalize for operators (Bearer DESPACHO_OPERATOR_TOKEN), under the records it rebuilds. */
@RolesAllowed(Roles.OPERATOR)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/pedidos/{id}/renormalize")
@Tag(name = "Operations")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@Blocking
public class PedidoRenormalizeResource {

    private final Renormalizer renormalizer;

    public PedidoRenormalizeResource(Renormalizer renormalizer) {
        this.renormalizer = renormalizer;
    }

    @POST
    @Operation(operationId = "renormalizePedido", summary = "Map a stored pedido again from its raw answers, without calling Anoreg", description = "A changed record is stored and published.")
    @APIResponse(responseCode = "200", description = "{renormalized: id}")
    @APIResponse(responseCode = "400", description = "Not a valid number or id.")
    @APIResponse(responseCode = "404", description = "No such record stored.")
    public Response renormalize(@PathParam("id") long id) {
        return renormalizer.pedido(id) ? Response.ok(Map.of("renormalized", id)).build()
                : Problem.of(Response.Status.NOT_FOUND, "No pedido " + id + " is stored.").toResponse();
    }
}
