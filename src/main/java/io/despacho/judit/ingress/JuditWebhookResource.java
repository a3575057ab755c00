package io.despacho.judit.ingress;

import java.time.Instant;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.despacho.pipeline.Provider;
import io.despacho.pipeline.WebhookIngress;
import io.despacho.judit.JuditConfig;
import io.despacho.problem.Problem;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

@Path("/webhooks/judit")
@Tag(name = "Webhooks")
public class JuditWebhookResource {

    private final WebhookIngress ingress;
    private final JuditConfig config;

    public JuditWebhookResource(WebhookIngress ingress, JuditConfig config) {
        this.ingress = ingress;
        this.config = config;
    }

    @POST
    @NonBlocking // answers when Kafka has the events; WebhookIngress parses large bodies on a worker thread
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(operationId = "receiveJuditCallback", summary = "Receive a Judit callback",
            description = "event_type and reference_id (the Judit request id) are required; the body goes on "
                    + "despacho.inbound.judit keyed by the request id. request_completed ends the consulta.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT), examples = @ExampleObject(
            name = "completed", value = "{\"callback_id\": \"c-1\", \"event_type\": \"request_completed\","
                    + " \"reference_type\": \"request\", \"reference_id\": \"4b0c2a52-5a4d-4d8e-a4f8-3a8b9c1d2e3f\","
                    + " \"payload\": {}}")))
    @APIResponse(responseCode = "401", description = "Missing or wrong token, or JUDIT_WEBHOOK_TOKEN unset. Nothing was published.")
    public Uni<Response> receive(byte[] body, @Context UriInfo uri, @Context HttpHeaders headers) {
        Instant receivedAt = Instant.now();
        String token = config.webhookToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null) {
            return Uni.createFrom().item(Problem.of(Response.Status.UNAUTHORIZED, "Judit callbacks are not accepted:"
                    + " JUDIT_WEBHOOK_TOKEN is not set.").toResponse());
        }
        return ingress.accept(Provider.JUDIT, token, uri, headers, body,
                json -> JuditCallbackEvents.extract(json, body, receivedAt));
    }
}
