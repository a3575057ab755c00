package io.despacho.digesto.ingress;

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

import io.despacho.digesto.DigestoConfig;
import io.despacho.pipeline.Provider;
import io.despacho.pipeline.WebhookIngress;
import io.despacho.problem.Problem;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

@Path("/webhooks/digesto")
@Tag(name = "Webhooks")
public class DigestoWebhookResource {

    private final WebhookIngress ingress;
    private final DigestoConfig config;

    public DigestoWebhookResource(WebhookIngress ingress, DigestoConfig config) {
        this.ingress = ingress;
        this.config = config;
    }

    @POST
    @NonBlocking // answers when Kafka has the events; WebhookIngress parses large bodies on a worker thread
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(operationId = "receiveDigestoWebhook", summary = "Receive Digesto events",
            description = "The body is always a JSON list of events ([] is the registration handshake). evt_type 13 "
                    + "and 4 carry the process in data; 15 and 16 carry {status, vr_id}. Each event goes on "
                    + "despacho.inbound.digesto keyed by the process number digits, the report id or the event id.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY), examples = {
            @ExampleObject(name = "evt_type 16: report finished", value = """
                    [{"id": 900001, "evt_type": 16, "created_at": {"$date": 1700000000000},
                      "target_number": null, "data": {"status": "finished", "vr_id": 1257}}]"""),
            @ExampleObject(name = "evt_type 13: process updated", value = """
                    [{"id": 900002, "evt_type": 13, "created_at": "2016-05-03T18:25:01",
                      "target_number": "0016377-46.2015.8.07.0003", "source_user_custom": "meu-id-123",
                      "data": {"numero": "0016377-46.2015.8.07.0003", "tribunal": "TJDF", "uf": "DF",
                               "processoID": 68089126, "alteradoEm": "2016-05-03T18:25:01",
                               "partes": [], "movs": [], "anexos": []}}]"""),
            @ExampleObject(name = "handshake", value = "[]") }))
    @APIResponse(responseCode = "200", description = "Handshake ([]): nothing to publish.")
    public Uni<Response> receive(byte[] body, @Context UriInfo uri, @Context HttpHeaders headers) {
        Instant receivedAt = Instant.now();
        return ingress.accept(Provider.DIGESTO, config.webhookToken(), uri, headers, body,
                json -> DigestoEvents.split(json, receivedAt));
    }
}
