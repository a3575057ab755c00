package io.despacho.dev;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.despacho.digesto.DigestoConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;

/** Tells a newcomer running {@code ./mvnw quarkus:dev} what to send first. */
@IfBuildProfile("dev")
public class DevBanner {

    private static final Logger LOG = Logger.getLogger(DevBanner.class);
    private static final String DEV_TOKEN = "dev-digesto-token";

    void onStart(@Observes StartupEvent event, DigestoConfig digesto,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        // only the built-in dev secret is ever printed; a secret from the environment is not
        String token = DEV_TOKEN.equals(digesto.webhookToken()) ? DEV_TOKEN : "$DIGESTO_WEBHOOK_TOKEN";
        LOG.infof("Despacho is up on the embedded default (embedded Kafka, PostgreSQL, provider sandbox). Try: "
                + "curl -i -X POST 'http://localhost:%d/webhooks/digesto?token=%s' -H 'Content-Type: application/json' "
                + "--data-binary @samples/digesto-evt13.json", port, token);
    }
}
