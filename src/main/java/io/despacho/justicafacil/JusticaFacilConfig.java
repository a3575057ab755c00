package io.despacho.justicafacil;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Justiça Fácil settings; application.properties maps them from JUSTICAFACIL_* environment variables. */
@ConfigMapping(prefix = "despacho.justicafacil")
public interface JusticaFacilConfig {

    /** Root of the API, e.g. https://ws.justicafacil.com.br (JUSTICAFACIL_API_URL). */
    URI apiUrl();

    /** Sent as Authorization: Token <token> (JUSTICAFACIL_API_TOKEN); the poller stays off without it. */
    Optional<String> apiToken();

    default Optional<String> usableApiToken() {
        return apiToken().filter(token -> !token.isBlank());
    }

    /** How often GET /notas/novas/ is polled, e.g. 5m; "off" (the default) disables the poller. */
    @WithDefault("off")
    String pollInterval();

    /** Batches of new notas taken in one poll before waiting for the next (each batch is published, then marked). */
    @WithDefault("20")
    int maxBatchesPerPoll();
}
