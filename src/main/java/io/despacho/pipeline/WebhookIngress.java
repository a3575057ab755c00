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
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The road every webhook takes: check the token, parse strictly, let the provider's extractor validate and split the
 * body into events, publish them all, and answer 202 only once Kafka holds every one. Nothing is published unless the
 * whole request is valid.
 */
@ApplicationScoped
public class WebhookIngress {

    private static final Logger LOG = Logger.getLogger(WebhookIngress.class);
    /** Parsing this much takes well under a millisecond: not worth a hop to a worker thread and back. */
    public static final int PARSED_ON_THE_EVENT_LOOP = 64 * 1024;

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
     * Runs on the event loop and blocks no thread: the answer is sent when the broker has acknowledged every event or
     * the publish deadline ({@link IngressConfig#publishDeadline()}) has passed. Bodies up to
     * {@value #PARSED_ON_THE_EVENT_LOOP} bytes (nearly all webhooks) are parsed in place; a larger one on a worker
     * thread, so that a 10-MiB body does not hold the event loop. The answer is written back on the request's own
     * event loop, not on the Kafka producer's thread that completed the send.
     */
    public Uni<Response> accept(Provider provider, String expectedToken, UriInfo uri, HttpHeaders headers, byte[] body,
            Function<JsonNode, List<InboundEvent>> extractor) {
        if (!WebhookToken.matches(expectedToken, uri.getQueryParameters().get("token"),
                headers.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            LOG.debugf("%s webhook refused: missing or wrong token", provider.id());
            return Uni.createFrom().item(Problem.of(Response.Status.UNAUTHORIZED,
                    "Missing or wrong webhook token (use ?token= or Authorization: Bearer).").toResponse());
        }
        MediaType type = headers.getMediaType();
        String charset = type != null ? type.getParameters().get(MediaType.CHARSET_PARAMETER) : null;
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            return Uni.createFrom().item(Problem.of(Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json in UTF-8, not " + charset.replaceAll("[^\\w.-]", "") + ".")
                    .toResponse());
        }
        Context requestContext = Vertx.currentContext();
        Uni<List<InboundEvent>> events = Uni.createFrom().item(() -> extractor.apply(StrictJson.parse(body)));
        if (body.length > PARSED_ON_THE_EVENT_LOOP || requestContext == null) {
            events = events.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        Uni<Response> answer = events.onItem().transformToUni(list -> publish(provider, list));
        return requestContext == null ? answer
                : answer.emitOn(task -> requestContext.runOnContext(ignored -> task.run()));
    }

    private Uni<Response> publish(Provider provider, List<InboundEvent> events) {
        if (events.isEmpty()) {
            LOG.infof("%s webhook handshake answered", provider.id());
            return Uni.createFrom().item(accepted(Response.Status.OK, events));
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
                });
    }

    private static Response accepted(Response.Status status, List<InboundEvent> events) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Accepted(events.size(), events.stream().map(InboundEvent::eventId).toList()))
                .build();
    }
}
