package io.despacho.pipeline;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.problem.Problem;

/**
 * The road every webhook takes: check the token, parse strictly, let the provider's extractor validate and split the
 * body into events, publish them all, and answer 202 only once Kafka holds every one. Nothing is published unless the
 * whole request is valid.
 */
@ApplicationScoped
public class WebhookIngress {

    private static final Logger LOG = Logger.getLogger(WebhookIngress.class);

    private final InboundPublisher publisher;
    private final IngressConfig config;

    public WebhookIngress(InboundPublisher publisher, IngressConfig config) {
        this.publisher = publisher;
        this.config = config;
    }

    /** What the provider is told when its events are on Kafka. */
    public record Accepted(int accepted, List<String> eventIds) {
    }

    /**
     * Runs on a worker thread and blocks it until the broker has answered or the publish deadline has passed: the
     * wait is bounded by {@link IngressConfig#publishDeadline()}, and resuming a suspended request from a Kafka
     * producer thread is what the blocking wait avoids.
     */
    public Response accept(Provider provider, String expectedToken, UriInfo uri, HttpHeaders headers, byte[] body,
            Function<JsonNode, List<InboundEvent>> extractor) {
        if (!WebhookToken.matches(expectedToken, uri.getQueryParameters().get("token"),
                headers.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            LOG.debugf("%s webhook refused: missing or wrong token", provider.id());
            return Problem.of(Response.Status.UNAUTHORIZED,
                    "Missing or wrong webhook token (use ?token= or Authorization: Bearer).").toResponse();
        }
        MediaType type = headers.getMediaType();
        String charset = type != null ? type.getParameters().get(MediaType.CHARSET_PARAMETER) : null;
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            return Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json in UTF-8, not " + charset.replaceAll("[^\\w.-]", "") + ".")
                    .toResponse();
        }
        List<InboundEvent> events = extractor.apply(StrictJson.parse(body));
        if (events.isEmpty()) {
            LOG.infof("%s webhook handshake answered", provider.id());
            return accepted(Response.Status.OK, events);
        }
        return publisher.publishAll(provider, events)
                .map(ignored -> {
                    // DEBUG, not INFO: a line per webhook cost measurable CPU at load (docs/benchmark.md); every event
                    // stays findable in received_event, the console and despacho_webhook_requests_total
                    LOG.debugf("%s webhook: %d event(s) durable on %s, ids=%s", provider.id(), events.size(),
                            provider.inboundTopic(), events.stream().map(InboundEvent::eventId).toList());
                    return accepted(Response.Status.ACCEPTED, events);
                })
                .onFailure(RecordTooLargeForKafka.class).recoverWithItem(e -> {
                    LOG.warnf("%s webhook answered 413: %s", provider.id(), e.getMessage());
                    return Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE, "An event of this request is larger"
                            + " than the Kafka topic " + provider.inboundTopic() + " accepts; the limit is "
                            + config.maxRecordSize() + " bytes per event. Nothing of the request was acknowledged.")
                            .toResponse();
                })
                .onFailure(KafkaUnavailableException.class).recoverWithItem(e -> {
                    LOG.warnf("%s webhook answered 503: %s", provider.id(), e.getMessage());
                    return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                            "The events could not be made durable right now; retry later.").toResponse())
                            .header("Retry-After", config.retryAfterSeconds())
                            .build();
                })
                .await().indefinitely();
    }

    private static Response accepted(Response.Status status, List<InboundEvent> events) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Accepted(events.size(), events.stream().map(InboundEvent::eventId).toList()))
                .build();
    }
}
