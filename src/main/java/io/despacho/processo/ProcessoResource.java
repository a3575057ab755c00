package io.despacho.processo;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
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
import io.despacho.shared.ProcessNumber;
import io.despacho.shared.UnmappableException;

@RolesAllowed({ Roles.READER, Roles.OPERATOR })
@SecurityRequirement(name = Roles.READER)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/processos")
@Tag(name = "Processos")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class ProcessoResource {

    private final ProcessoStore store;

    public ProcessoResource(ProcessoStore store) {
        this.store = store;
    }

    @GET
    @Path("/{numero}")
    @Operation(operationId = "getProcesso", summary = "The normalized process", description = "As published on despacho.processos. Found by its"
            + " CNJ (formatted or digits) or, for a process numbered before the CNJ scheme, by its number exactly as"
            + " the court formats it (URL-encoded).")
    @APIResponse(responseCode = "200", description = "The normalized process (DESIGN.md contract).")
    @APIResponse(responseCode = "400", description = "Not a process number (e.g. a CNJ shape with wrong check digits).")
    @APIResponse(responseCode = "404", description = "No such process stored.")
    @APIResponse(responseCode = "409", description = "A non-CNJ number several tribunals use: add ?tribunal=.")
    public Response get(
            @Parameter(description = "CNJ number, formatted (0016377-46.2015.8.07.0003) or digits only, or a non-CNJ"
                    + " number as the court formats it") @PathParam("numero") String numero,
            @Parameter(description = "Tribunal (e.g. TJSP); narrows a non-CNJ number") @QueryParam("tribunal") String tribunal,
            @Parameter(description = "Instance; the lowest stored one when absent") @QueryParam("instancia") Integer instancia) {
        ProcessNumber number;
        try {
            number = ProcessNumber.parse(numero);
        } catch (UnmappableException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "Not a process number (" + e.getMessage() + "): use a CNJ"
                    + " number (NNNNNNN-DD.AAAA.J.TR.OOOO or its 20 digits, with valid check digits) or the number as"
                    + " the court formats it, URL-encoded.").toResponse();
        }
        ProcessoStore.Lookup found = store.find(number, tribunal, instancia);
        if (found instanceof ProcessoStore.Lookup.Found process) {
            return Response.ok(process.record(), MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (found instanceof ProcessoStore.Lookup.Ambiguous ambiguous) {
            return Problem.of(409, "Ambiguous process number", "Process " + number.numero() + " is stored for several"
                    + " tribunals: " + String.join(", ", ambiguous.tribunais()) + ". Add ?tribunal= to choose one.",
                    List.of()).toResponse();
        }
        return Problem.of(Response.Status.NOT_FOUND, "No process " + number.numero()
                + (tribunal == null ? "" : " of " + tribunal) + " is stored.").toResponse();
    }
}
