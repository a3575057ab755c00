package io.despacho.prod;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.despacho.testing.CdsArchive;
import io.despacho.testing.ProdJar;

/**
 * The image's class-data-sharing archive (docker/Dockerfile.jvm): what docker/cds-training.sh writes is an archive
 * the JVM accepts ({@code -Xshare:on} refuses to start otherwise), the app's own classes come from it, and the app
 * started with it takes a webhook.
 */
class AppCdsIT {

    @Test
    void theTrainingRunsArchiveServesTheAppsClassesAndTheAppWorks() throws Exception {
        Path dir = Files.createTempDirectory("app-cds");
        Path archive = CdsArchive.train(ProdJarIT.JAR, CdsArchive.imageJavaOptions(), dir.resolve("app-cds.jsa"));
        Path classes = dir.resolve("classes.log");

        int port = ProdJar.freePort();
        Map<String, String> env = new HashMap<>(ProdJar.infrastructureEnv());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("DIGESTO_WEBHOOK_TOKEN", "app-cds-it-digesto-webhook-token");
        env.put("ANOREG_WEBHOOK_TOKEN", "app-cds-it-anoreg-webhook-token");
        env.put("JAVA_TOOL_OPTIONS", "-XX:SharedArchiveFile=" + archive + " -Xshare:on " + CdsArchive.imageJavaOptions()
                + " -Xlog:class+load=info:file=" + classes);
        Path log = Files.createTempFile("app-cds", ".log");
        Process app = ProdJar.start(ProdJarIT.JAR, env, ProcessBuilder.Redirect.to(log.toFile()));
        try {
            assertThat(ProdJar.awaitReady(app, port, Duration.ofSeconds(90))).as(Files.readString(log)).isPositive();
            HttpResponse<String> webhook = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port + "/webhooks/digesto")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer app-cds-it-digesto-webhook-token")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "[{\"id\": 917001, \"evt_type\": 16, \"data\": {\"vr_id\": 917001}}]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(202);
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> loaded = Files.readAllLines(classes);
        // loaded at start, so archived by the training run
        assertThat(loaded).anyMatch(line -> line.contains(" io.despacho.pipeline.WebhookIngress source: shared objects"
                + " file (top)"));
        // loaded by answering a request, so archived only because the training run asked some
        assertThat(loaded).anyMatch(line -> line.contains(" io.despacho.pipeline.WebhookToken source: shared objects"
                + " file (top)"));
        long ours = loaded.stream().filter(line -> line.contains(" io.despacho.")).count();
        long oursShared = loaded.stream().filter(line -> line.contains(" io.despacho.")
                && line.endsWith("source: shared objects file (top)")).count();
        assertThat(oursShared).as("of %d classes of ours", ours).isGreaterThan(ours / 2);
    }
}
