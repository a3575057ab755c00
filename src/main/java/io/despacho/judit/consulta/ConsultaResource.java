package io.despacho.judit.consulta;

import java.net.URI;
import java.util.List;

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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.despacho.access.Roles;
import io.despacho.problem.Problem;
import io.despacho.shared.Uuids;
import io.smallrye.common.annotation.Blocking;

@RolesAllowed({ Roles.READER, Roles.OPERATOR })
@SecurityRequirement(name = Roles.READER)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/consultas")
@Tag(name = "Consultas (Judit)")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class ConsultaResource {

    /** The body of POST /api/consultas. */
    public record NovaConsulta(String tipo, String documento) {
    }

    private final Consultas consultas;

    public ConsultaResource(Consultas consultas) {
        this.consultas = consultas;
    }

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @SecurityRequirement(name = Roles.OPERATOR)
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
        @Operation(operationId = "startConsulta", summary = "Find the processes of a CPF, CNPJ or OAB through Judit",
            description = "Creates a Judit request (POST /requests); when it completes (callback on /webhooks/judit,"
                    + " or the poller) every process found is stored in the normalized model and linked to the"
                    + " consulta. Operators only (Authorization: Bearer DESPACHO_OPERATOR_TOKEN): it is billed.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "cpf", value = "{\"tipo\": \"CPF\", \"documento\": \"529.982.247-25\"}"),
            @ExampleObject(name = "oab", value = "{\"tipo\": \"OAB\", \"documento\": \"123456/SP\"}") }))
    @APIResponse(responseCode = "202", description = "Requested; follow it at the Location.")
    @APIResponse(responseCode = "400", description = "Missing tipo, or a document with wrong check digits.")
    @APIResponse(responseCode = "502", description = "Judit refused the request.")
    @APIResponse(responseCode = "503", description = "Judit could not be reached, or its circuit is open.")
    public Response start(NovaConsulta body) {
        ConsultaDocument.Result parsed = body == null ? ConsultaDocument.parse(null, null)
                : ConsultaDocument.parse(body.tipo(), body.documento());
        if (!parsed.valid()) {
            return Problem.of(400, "Bad Request", "The consulta is invalid.", List.of(new Problem.Violation(null,
                    "documento", parsed.error()))).toResponse();
        }
        var consulta = consultas.start(parsed.document());
        return Response.accepted(consulta).location(URI.create("/api/consultas/" + consulta.id())).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getConsulta", summary = "A consulta: its status and the processes found",
            description = "CRIADA → PENDENTE (Judit is searching) → CONCLUIDA (processos lists the CNJs, each at"
                    + " /api/processos/{cnj}); FALHOU when Judit did not take it.")
    @APIResponse(responseCode = "200", description = "The consulta.")
    @APIResponse(responseCode = "404", description = "No such consulta.")
    public Response get(@PathParam("id") String id) {
        return Uuids.parse(id).flatMap(consultas::find).map(c -> Response.ok(c).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "No consulta " + id + ".").toResponse());
    }
}
