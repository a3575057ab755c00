package io.despacho.pipeline;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;

import io.despacho.access.ApiDocs;

/**
 * Documents what every webhook answers, once: each {@code POST /webhooks/...} operation gets its security (the
 * provider's secret as a Bearer header or {@code ?token=}) and the standard answers (registered as
 * {@code mp.openapi.filter}); a webhook resource documents only what is its own.
 */
public class WebhookDocs implements OASFilter {

    static final Map<String, String> ANSWERS = Map.of(
            "202", "Every event is durable on the inbound topic; the body lists their ids.",
            "400", "Malformed JSON, an out-of-range number or an invalid event; the problem body names the event index"
                    + " and the field. Nothing of the request was published.",
            "401", "Missing or wrong token. Nothing was published.",
            "413", "Body over despacho.ingress.max-body-size (10 MiB by default), or an event larger than its Kafka"
                    + " topic takes (the problem names the limit). Nothing was acknowledged.",
            "415", "Content-Type is not application/json (UTF-8).",
            "503", "Kafka did not acknowledge every event in time; retry after Retry-After seconds. Never answered 2xx"
                    + " for an event that is not on Kafka.");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/webhooks/") && item.getPOST() != null) {
                document(item.getPOST());
            }
        });
    }

    private static void document(Operation webhook) {
        webhook.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(ApiDocs.WEBHOOK_BEARER))
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(ApiDocs.WEBHOOK_QUERY));
        if (webhook.getResponses() == null) {
            webhook.setResponses(OASFactory.createAPIResponses());
        }
        ANSWERS.forEach((status, description) -> {
            if (webhook.getResponses().getAPIResponse(status) == null) {
                webhook.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description));
            }
        });
    }
}
