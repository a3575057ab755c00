package io.despacho.pipeline;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.despacho.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;

/**
 * Refuses a webhook whose declared Content-Length is over the limit with a 413 problem before a byte of its body is
 * read. Bodies without a length (chunked) are cut off by {@code quarkus.http.limits.max-body-size}, set to the same
 * limit in application.properties.
 */
@ApplicationScoped
public class BodySizeLimit {

    private final IngressConfig config;
    private final WebhookMetrics metrics;

    public BodySizeLimit(IngressConfig config, WebhookMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    void register(@Observes Filters filters) {
        long limit = config.maxBodySize().asLongValue();
        String body = Json.encode(Problem.of(413, "Payload Too Large",
                "The body is larger than " + limit + " bytes; split the batch.", java.util.List.of()));
        filters.register(ctx -> {
            String path = ctx.normalizedPath();
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (path.startsWith("/webhooks/") && length != null && declaredOver(length, limit)) {
                metrics.record(path, 413);
                ctx.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(body)
                        .onComplete(ignored -> ctx.request().connection().close());
                return;
            }
            ctx.next();
        }, 100);
    }

    static boolean declaredOver(String contentLength, long limit) {
        String digits = contentLength.trim();
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return false; // not a length: Vert.x refuses the request itself
        }
        return digits.length() > 18 || Long.parseLong(digits) > limit;
    }
}
