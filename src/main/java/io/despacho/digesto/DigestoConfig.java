package io.despacho.digesto;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Digesto settings; application.properties maps them from DIGESTO_* environment variables. */
@ConfigMapping(prefix = "despacho.digesto")
public interface DigestoConfig {

    /** Secret Digesto must send in ?token= (or Authorization: Bearer) on our webhook (DIGESTO_WEBHOOK_TOKEN). */
    String webhookToken();

    /** Root of the Digesto API, e.g. https://op.digesto.com.br (DIGESTO_API_URL). */
    URI apiUrl();

    /** Bearer token for the Digesto API (DIGESTO_API_TOKEN). */
    Optional<String> apiToken();

    /** The API token when it is set to something: an empty DIGESTO_API_TOKEN counts as not set. */
    default Optional<String> usableApiToken() {
        return apiToken().filter(token -> !token.isBlank());
    }

    /** Processes asked per page of a virtual report (POST /api/virtual_report/{id}/final, itemsPerPage). */
    @WithDefault("200")
    int reportPageSize();
}
