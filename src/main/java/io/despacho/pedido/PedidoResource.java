package io.despacho.pedido;

import java.util.Locale;

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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.despacho.access.Roles;
import io.despacho.problem.Problem;

@RolesAllowed({ Roles.READER, Roles.OPERATOR })
@SecurityRequirement(name = Roles.READER)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/pedidos")
@Tag(name = "Pedidos")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class PedidoResource {

    private static final int MAX_PAGE_SIZE = 500;

    private final PedidoStore store;

    public PedidoResource(PedidoStore store) {
        this.store = store;
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getPedido", summary = "The normalized Anoreg/MT pedido", description = "As published on despacho.pedidos.")
    @APIResponse(responseCode = "200", description = "The pedido with its andamentos.")
    @APIResponse(responseCode = "404", description = "No such pedido stored.")
    public Response get(@PathParam("id") long id) {
        return store.record(id).map(json -> Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "No pedido " + id + " is stored.").toResponse());
    }

    @GET
    @Operation(operationId = "listPedidos", summary = "Pedidos, newest first, optionally of one status")
    @APIResponse(responseCode = "200", description = "{page, size, total, records}")
    @APIResponse(responseCode = "400", description = "page < 0 or size outside 1..500.")
    public Response list(
            @Parameter(description = "aberto, pendente, encerrado, bloqueado, cancelado (any case)") @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            return Problem.of(Response.Status.BAD_REQUEST, "page must be >= 0 and size between 1 and "
                    + MAX_PAGE_SIZE + ".").toResponse();
        }
        PedidoStore.Page result = store.list(status == null || status.isBlank() ? null
                : status.trim().toUpperCase(Locale.ROOT), page, size);
        String records = String.join(",", result.records());
        return Response.ok("{\"page\":" + result.page() + ",\"size\":" + result.size() + ",\"total\":" + result.total()
                + ",\"records\":[" + records + "]}", MediaType.APPLICATION_JSON_TYPE).build();
    }
}
