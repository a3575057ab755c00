package io.despacho.publicacao;

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
import io.despacho.shared.Cnj;

@RolesAllowed({ Roles.READER, Roles.OPERATOR })
@SecurityRequirement(name = Roles.READER)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/publicacoes")
@Tag(name = "Publicações")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class PublicacaoResource {

    private static final int MAX_LIMIT = 500;

    private final PublicacaoStore store;

    public PublicacaoResource(PublicacaoStore store) {
        this.store = store;
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getPublicacao", summary = "A publication (Justiça Fácil nota)", description = "As published on despacho.publicacoes.")
    @APIResponse(responseCode = "200", description = "The publication record.")
    @APIResponse(responseCode = "404", description = "No such nota stored.")
    public Response get(@PathParam("id") String id) {
        return store.record(id).map(json -> Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "No publication " + id + " is stored.")
                        .toResponse());
    }

    @GET
    @Operation(operationId = "listPublicacoes", summary = "The publications naming a process, newest first")
    @APIResponse(responseCode = "200", description = "A JSON list of publication records (maybe empty).")
    @APIResponse(responseCode = "400", description = "cnj missing or not a valid CNJ, or limit outside 1..500.")
    public Response ofProcess(@QueryParam("cnj") String cnj, @QueryParam("limit") @DefaultValue("100") int limit) {
        Cnj number = Cnj.parse(cnj).orElse(null);
        if (number == null || limit < 1 || limit > MAX_LIMIT) {
            return Problem.of(Response.Status.BAD_REQUEST, "Give ?cnj= a valid CNJ number and limit between 1 and "
                    + MAX_LIMIT + ".").toResponse();
        }
        return Response.ok("[" + String.join(",", store.ofProcess(number.digits(), limit)) + "]",
                MediaType.APPLICATION_JSON_TYPE).build();
    }
}
