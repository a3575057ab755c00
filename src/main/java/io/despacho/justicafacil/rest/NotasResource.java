package io.despacho.justicafacil.rest;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.despacho.justicafacil.messaging.NotasPoller;
import io.despacho.access.Roles;
import io.despacho.problem.Problem;
import io.despacho.problem.ProviderProblems;
import io.smallrye.common.annotation.Blocking;

@RolesAllowed(Roles.OPERATOR)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/justicafacil/notas")
@Tag(name = "Publicações")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class NotasResource {

    static final int MAX_DAYS = 92;

    private final NotasPoller notas;

    public NotasResource(NotasPoller notas) {
        this.notas = notas;
    }

    @POST
    @Path("/recuperar")
    @Blocking
        @Operation(operationId = "recoverNotas", summary = "Take again the notas published between two dates (GET /notas/, paged)",
            description = "For an account that marks notas read on delivery: nothing is marked, notas already stored"
                    + " are left alone (idempotent on the nota id). Operators only.")
    @APIResponse(responseCode = "200", description = "{paginas, notas}: pages read and notas handed to the consumer.")
    @APIResponse(responseCode = "400", description = "de/ate missing, not YYYY-MM-DD, reversed or more than 92 days.")
    @APIResponse(responseCode = "503", description = "Justiça Fácil or Kafka unavailable; nothing is lost, try again.")
    public Response recuperar(@QueryParam("de") String de, @QueryParam("ate") String ate) {
        LocalDate from;
        LocalDate to;
        try {
            from = LocalDate.parse(de == null ? "" : de);
            to = LocalDate.parse(ate == null ? "" : ate);
        } catch (DateTimeParseException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "Give de and ate as YYYY-MM-DD.").toResponse();
        }
        if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) > MAX_DAYS) {
            return Problem.of(Response.Status.BAD_REQUEST, "ate must not be before de, and at most " + MAX_DAYS
                    + " days after it.").toResponse();
        }
        try {
            return Response.ok(notas.recover(from, to)).build();
        } catch (RuntimeException e) {
            throw ProviderProblems.unavailable("The notas could not be recovered now: " + ProviderProblems.reason(e)
                    + ". Nothing is lost; try again.", e);
        }
    }
}
