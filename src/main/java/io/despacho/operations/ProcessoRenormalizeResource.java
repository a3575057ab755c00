package io.despacho.operations;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
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
import io.despacho.shared.ProcessNumber;
import io.despacho.shared.UnmappableException;
import io.smallrye.common.annotation.Blocking;

/** Renormalize for operators (Bearer DESPACHO_OPERATOR_TOKEN), under the records it rebuilds. */
@RolesAllowed(Roles.OPERATOR)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/processos/{numero}/renormalize")
@Tag(name = "Operations")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@Blocking
public class ProcessoRenormalizeResource {

    private final Renormalizer renormalizer;

    public ProcessoRenormalizeResource(Renormalizer renormalizer) {
        this.renormalizer = renormalizer;
    }

    @POST
    @Operation(operationId = "renormalizeProcesso", summary = "Map a stored process again from its raw payload, without calling the provider", description = "With the mapper of the provider that sent it (Digesto or Judit). The number is a CNJ or a non-CNJ number as the court formats it (URL-encoded); ?tribunal= narrows.")
    @APIResponse(responseCode = "200", description = "{instances: n}; changed records are published.")
    @APIResponse(responseCode = "400", description = "Not a valid number or id.")
    @APIResponse(responseCode = "404", description = "No such record stored.")
    public Response renormalize(@PathParam("numero") String numero, @QueryParam("tribunal") String tribunal) {
        ProcessNumber number;
        try {
            number = ProcessNumber.parse(numero);
        } catch (UnmappableException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "Not a process number: " + e.getMessage() + ".")
                    .toResponse();
        }
        int instances = renormalizer.processo(number, tribunal);
        return instances > 0 ? Response.ok(Map.of("instances", instances)).build()
                : Problem.of(Response.Status.NOT_FOUND, "No process " + number.numero() + " is stored.").toResponse();
    }
}
