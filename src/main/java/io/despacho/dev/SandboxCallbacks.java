package io.despacho.dev;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.despacho.digesto.DigestoConfig;
import io.despacho.judit.JuditConfig;
import io.quarkus.arc.profile.IfBuildProfile;

/** The sandbox's providers calling our webhooks back, a moment later, as the real ones do. Dev profile only. */
@IfBuildProfile("dev")
@ApplicationScoped
public class SandboxCallbacks {

    private static final Logger LOG = Logger.getLogger(SandboxCallbacks.class);
    private static final long DELAY_SECONDS = 2;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;
    private final String digestoToken;
    private final String juditToken;

    public SandboxCallbacks(@ConfigProperty(name = "quarkus.http.port") int port, DigestoConfig digesto,
            JuditConfig judit) {
        this.port = port;
        this.digestoToken = digesto.webhookToken();
        this.juditToken = judit.webhookToken().orElse("");
    }

    public void digesto(String body) {
        post("/webhooks/digesto?token=" + digestoToken, body);
    }

    public void judit(String body) {
        post("/webhooks/judit?token=" + juditToken, body);
    }

    private void post(String path, String body) {
        CompletableFuture.delayedExecutor(DELAY_SECONDS, TimeUnit.SECONDS).execute(() -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(15)).build();
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                LOG.infof("sandbox called back %s: %d", path.substring(0, path.indexOf('?')), status);
            } catch (Exception e) {
                LOG.warnf("sandbox callback to %s failed: %s", path.substring(0, path.indexOf('?')), e.toString());
            }
        });
    }
}
