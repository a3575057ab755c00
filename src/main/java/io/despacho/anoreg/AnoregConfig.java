package io.despacho.anoreg;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Anoreg/MT settings; application.properties maps them from ANOREG_* environment variables. */
@ConfigMapping(prefix = "despacho.anoreg")
public interface AnoregConfig {

    /** The ?token= we put in each pedido's webhook URL (ANOREG_WEBHOOK_TOKEN). */
    String webhookToken();

    /** Root of the Anoreg/MT API, e.g. https://ws.anoregmt.org.br (ANOREG_API_URL). */
    URI apiUrl();

    /** API key and secret for POST /auth/login (ANOREG_API_KEY, ANOREG_API_SECRET). */
    Optional<String> apiKey();

    Optional<String> apiSecret();

    /** The User-Agent Anoreg asks integrators to send: a domain of their own (ANOREG_USER_AGENT). */
    Optional<String> userAgent();

    /** The client-side request budget shared by every consumer thread of this pod. */
    Budget budget();

    interface Budget {
        /**
         * Requests allowed per window. Anoreg documents 30 per minute per integrator: with several pods, give each
         * its share (30 / pods), or the pods together will meet 429s.
         */
        @WithDefault("30")
        int requests();

        @WithDefault("60s")
        Duration window();
    }

    /** Token lifetime when the login response has no expires_in (the documentation says 4 hours). */
    @WithDefault("4h")
    Duration tokenLifetime();

    /** How long before its expiry a token is renewed. */
    @WithDefault("5m")
    Duration tokenRenewBefore();
}
