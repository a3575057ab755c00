package io.despacho.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts webhook requests by provider and outcome ({@code despacho_webhook_requests_total}). */
@ApplicationScoped
public class WebhookMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @ServerResponseFilter
    public void countResponse(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/webhooks/")) {
            record(path, response.getStatus());
        }
    }

    public void record(String path, int status) {
        String provider = providerOf(path);
        String outcome = outcomeOf(status);
        // looked up once per provider and outcome: the registry's lookup (tags built and sorted) showed per request
        counters.computeIfAbsent(provider + "/" + outcome, ignored -> registry.counter("despacho.webhook.requests",
                "provider", provider, "outcome", outcome)).increment();
    }

    static String providerOf(String path) {
        for (Provider provider : Provider.values()) {
            if (path.startsWith("/webhooks/" + provider.id())) {
                return provider.id();
            }
        }
        return "unknown";
    }

    static String outcomeOf(int status) {
        return switch (status) {
            case 200 -> "handshake";
            case 202 -> "accepted";
            case 400 -> "invalid";
            case 401 -> "unauthorized";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> "status_" + status;
        };
    }
}
