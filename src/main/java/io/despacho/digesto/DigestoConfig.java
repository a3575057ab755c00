package io.despacho.digesto;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Digesto settings; application.properties maps them from DIGESTO_* environment variables. */
@ConfigMapping(prefix = "despacho.digesto")
public interface DigestoConfig {

    /** Secret Digesto must send in ?token= (or Authorization: Bearer) on our webhook (DIGESTO_WEBHOOK_TOKEN). */
    String webhookToken();

    /** Root of the Digesto API, e.g. https://op.digesto.com.br (DIGESTO_API_URL). */
    URI apiUrl();

    /** Bearer token for the Digesto API (DIGESTO_API_TOKEN). */
    Optional<String> apiToken();
}
