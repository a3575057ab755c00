package io.despacho.anoreg.ingress;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.despacho.anoreg.AnoregConfig;
import io.despacho.pipeline.Provider;
import io.despacho.pipeline.WebhookIngress;
import io.despacho.problem.Problem;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

@Path("/webhooks/anoreg/pedidos")
@Tag(name = "Webhooks")
public class AnoregWebhookResource {

    private final WebhookIngress ingress;
    private final AnoregConfig config;

    public AnoregWebhookResource(WebhookIngress ingress, AnoregConfig config) {
        this.ingress = ingress;
        this.config = config;
    }

    @POST
    @NonBlocking // answers when Kafka has the events; WebhookIngress parses large bodies on a worker thread
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
    @Operation(operationId = "receiveAnoregWebhook", summary = "Receive an Anoreg/MT pedido notification",
            description = "Any JSON object; the pedido id is read from the first of pedido_id, id_pedido, pedido.id, "
                    + "data.pedido_id, data.id, id (number or numeric string). The body goes on "
                    + "despacho.inbound.anoreg keyed by the pedido id.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT), examples = {
            @ExampleObject(name = "flat", value = "{\"pedido_id\": 100291, \"status\": \"FINALIZADO\"}"),
            @ExampleObject(name = "wrapped", value = "{\"data\": {\"id\": \"100291\"}}") }))
    public Uni<Response> receive(byte[] body, @Context UriInfo uri, @Context HttpHeaders headers) {
        Instant receivedAt = Instant.now();
        return ingress.accept(Provider.ANOREG, config.webhookToken(), uri, headers, body,
                json -> AnoregPedidoEvents.extract(json, body, receivedAt));
    }
}
