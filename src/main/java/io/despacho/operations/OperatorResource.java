package io.despacho.operations;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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

import io.despacho.pipeline.KafkaUnavailableException;
import io.despacho.pipeline.Provider;
import io.despacho.access.Roles;
import io.despacho.problem.Problem;
import io.despacho.problem.ProblemException;
import io.smallrye.common.annotation.Blocking;

/** For operators (Bearer DESPACHO_OPERATOR_TOKEN): dead letters and their replay. */
@RolesAllowed(Roles.OPERATOR)
@SecurityRequirement(name = Roles.OPERATOR)
@Path("/api/dlq")
@Tag(name = "Operations")
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
@Blocking
public class OperatorResource {

    private static final int MAX_PAGE_SIZE = 500;

    private final DeadLetterOperations deadLetters;

    public OperatorResource(DeadLetterOperations deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Operation(operationId = "listDeadLetters", summary = "Dead letters, newest first, with their reasons")
    @APIResponse(responseCode = "200", description = "{page, size, total, items}")
    public Response list(@QueryParam("provider") String provider, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            return Problem.of(Response.Status.BAD_REQUEST, "page must be >= 0 and size between 1 and "
                    + MAX_PAGE_SIZE + ".").toResponse();
        }
        return Response.ok(deadLetters.list(provider == null ? null : provider(provider), page, size)).build();
    }

    @POST
    @Path("/{id}/replay")
    @Operation(operationId = "replayDeadLetter", summary = "Put one dead letter back on its inbound topic")
    @APIResponse(responseCode = "202", description = "Replayed.")
    @APIResponse(responseCode = "404", description = "No such dead letter.")
    public Response replay(@PathParam("id") long id) {
        try {
            return deadLetters.replay(id) ? Response.accepted(Map.of("replayed", 1)).build()
                    : Problem.of(Response.Status.NOT_FOUND, "No dead letter " + id + ".").toResponse();
        } catch (KafkaUnavailableException e) {
            return kafkaUnavailable();
        }
    }

    @POST
    @Path("/replay")
    @Operation(operationId = "replayDeadLetters", summary = "Replay every dead letter of a provider not replayed yet (up to 1000 per call)")
    @APIResponse(responseCode = "202", description = "{replayed: n}")
    public Response replayAll(@QueryParam("provider") String provider) {
        if (provider == null) {
            return Problem.of(Response.Status.BAD_REQUEST, "Name the provider: ?provider=digesto or anoreg.")
                    .toResponse();
        }
        try {
            return Response.accepted(Map.of("replayed", deadLetters.replayAll(provider(provider),
                    DeadLetterOperations.MAX_BULK_REPLAY)))
                    .build();
        } catch (KafkaUnavailableException e) {
            return kafkaUnavailable();
        }
    }

    /** A replay needs Kafka like a webhook does: when it cannot take the record, say so rather than answer 500. */
    private static Response kafkaUnavailable() {
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "Kafka did not take the replayed record in time; nothing was marked replayed, try again.").toResponse())
                .header("Retry-After", 30).build();
    }

    private static Provider provider(String name) {
        return Provider.fromId(name).orElseThrow(() -> new ProblemException(Problem.of(Response.Status.BAD_REQUEST,
                "Unknown provider; use digesto or anoreg.")));
    }
}
