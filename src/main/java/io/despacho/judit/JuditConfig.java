package io.despacho.judit;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Judit settings; application.properties maps them from JUDIT_* environment variables. */
@ConfigMapping(prefix = "despacho.judit")
public interface JuditConfig {

    /** Root of the requests API, e.g. https://requests.prod.judit.io (JUDIT_API_URL). */
    URI apiUrl();

    /** Sent as the api-key header (JUDIT_API_KEY); consultas are refused without it. */
    Optional<String> apiKey();

    default Optional<String> usableApiKey() {
        return apiKey().filter(key -> !key.isBlank());
    }

    /** Secret Judit must send in ?token= on /webhooks/judit (JUDIT_WEBHOOK_TOKEN); without it callbacks are refused. */
    Optional<String> webhookToken();

    /**
     * Our public callback URL given to Judit with each request, without its secret (JUDIT_CALLBACK_URL, e.g.
     * https://despacho.example.com/webhooks/judit). Without it, consultas are followed by polling only.
     */
    Optional<URI> callbackUrl();

    /**
     * The callback URL with {@code ?token=} JUDIT_WEBHOOK_TOKEN added: Judit's request takes only a URL (no header),
     * so the secret rides in it, but it is kept in the Secret, never in the ConfigMap's URL. A URL that already
     * names a token keeps it.
     */
    default Optional<String> callbackWithToken() {
        return callbackUrl().map(url -> withToken(url, webhookToken().filter(t -> !t.isBlank())));
    }

    static String withToken(URI url, Optional<String> token) {
        String text = url.toString();
        boolean named = url.getRawQuery() != null && java.util.Arrays.stream(url.getRawQuery().split("&"))
                .anyMatch(p -> p.startsWith("token="));
        if (named || token.isEmpty()) {
            return text;
        }
        return text + (url.getRawQuery() == null ? "?" : "&") + "token="
                + java.net.URLEncoder.encode(token.get(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** How often pending consultas are polled (also a safety net when callbacks are configured); "off" disables. */
    @WithDefault("30s")
    String pollInterval();

    /** Pending consultas looked at per poll, oldest first. */
    @WithDefault("20")
    int pollBatch();

    /** A pending consulta older than this is ended as FALHOU by the poller: Judit will not answer it any more. */
    @WithDefault("24h")
    Duration maxPendingAge();

    /** Processes asked per page of GET /responses. */
    @WithDefault("100")
    int responsesPageSize();

    Budget budget();

    /** Judit allows 180 requests per minute per account: divide by the number of pods. */
    interface Budget {
        @WithDefault("180")
        int requests();

        @WithDefault("60s")
        Duration window();
    }
}
