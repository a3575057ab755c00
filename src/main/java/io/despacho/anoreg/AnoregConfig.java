package io.despacho.anoreg;

import java.net.URI;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

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
}
