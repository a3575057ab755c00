package io.despacho.pipeline;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.despacho.access.AccessConfig;
import io.despacho.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a body whose declared Content-Length is over its path's limit with a 413 problem before a byte of it is
 * read: webhooks up to the ingress limit, /api up to its own (2 MiB). Webhook bodies without a length (chunked) are
 * cut off by {@code quarkus.http.limits.max-body-size}, set to the ingress limit in application.properties; /api
 * takes no chunked body (411), so that its smaller limit holds too.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** How long a refused request's body is dropped before its connection closes anyway. */
    static final long LINGER_MILLIS = 2_000;

    private final IngressConfig config;
    private final AccessConfig access;
    private final WebhookMetrics metrics;

    public BodySizeLimit(IngressConfig config, AccessConfig access, WebhookMetrics metrics) {
        this.config = config;
        this.access = access;
        this.metrics = metrics;
    }

    void register(@Observes Filters filters) {
        long limit = config.maxBodySize().asLongValue();
        long apiLimit = access.maxBodySize().asLongValue();
        String tooLarge = problem(413, "Payload Too Large", "The body is larger than " + limit + " bytes; split the batch.");
        String apiTooLarge = problem(413, "Payload Too Large", "An /api body is limited to " + apiLimit + " bytes.");
        String apiChunked = problem(411, "Length Required", "Send an /api body with its Content-Length.");
        filters.register(ctx -> {
            String path = ctx.normalizedPath();
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (path.startsWith("/webhooks/") && length != null && declaredOver(length, limit)) {
                metrics.record(path, 413);
                refuse(ctx, 413, tooLarge);
            } else if (path.startsWith("/api/") && length != null && declaredOver(length, apiLimit)) {
                refuse(ctx, 413, apiTooLarge);
            } else if (path.startsWith("/api/") && length == null
                    && ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING, "chunked", true)) {
                refuse(ctx, 411, apiChunked);
            } else {
                ctx.next();
            }
        }, 100);
    }

    private static String problem(int status, String title, String detail) {
        return Json.encode(Problem.of(status, title, detail, List.of()));
    }

    /**
     * Answers, then closes once the client has sent what it was sending, or after {@link #LINGER_MILLIS}. The body
     * is never read, only dropped; closing at once would reset a connection whose client is still sending, and a
     * reset can discard the answer before the client reads it (a lingering close, as web servers do).
     */
    private static void refuse(RoutingContext ctx, int status, String problem) {
        HttpServerRequest request = ctx.request();
        HttpConnection connection = request.connection();
        if (!request.isEnded()) {
            request.handler(dropped -> {
            });
            request.resume();
        }
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(problem)
                .onComplete(written -> {
                    // on the request's event loop, like the end of its body: no end can slip in between
                    if (request.isEnded()) {
                        connection.close();
                    } else {
                        request.endHandler(ended -> connection.close());
                        ctx.vertx().setTimer(LINGER_MILLIS, lingered -> connection.close());
                    }
                });
    }

    static boolean declaredOver(String contentLength, long limit) {
        String digits = contentLength.trim();
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return false; // not a length: Vert.x refuses the request itself
        }
        return digits.length() > 18 || Long.parseLong(digits) > limit;
    }
}
