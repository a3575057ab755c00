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

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.despacho.testing.AotCache;
import io.despacho.testing.ImageJvm;
import io.despacho.testing.ProdJar;

/**
 * The image's AOT cache (docker/Dockerfile.jvm): what docker/aot-training.sh writes is a cache the image's JVM accepts
 * ({@code -XX:AOTMode=on} refuses to start otherwise), the app's own classes come from it, and the app started with it
 * takes a webhook.
 */
class AotCacheIT {

    @Test
    void theTrainingRunsCacheServesTheAppsClassesAndTheAppWorks() throws Exception {
        ImageJvm.java(); // fails under DESPACHO_IMAGE_JVM=required (.ci/run) when the image's JDK is missing
        Assumptions.assumeTrue(ImageJvm.home().isPresent(), "no JDK " + ImageJvm.version() + " here");
        Path dir = Files.createTempDirectory("aot-cache");
        Path cache = AotCache.train(ProdJarIT.JAR, AotCache.imageJavaOptions(), dir.resolve("app.aot"));
        Path classes = dir.resolve("classes.log");

        int port = ProdJar.freePort();
        Map<String, String> env = new HashMap<>(ProdJar.infrastructureEnv());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("DIGESTO_WEBHOOK_TOKEN", "aot-cache-it-digesto-webhook-token");
        env.put("ANOREG_WEBHOOK_TOKEN", "aot-cache-it-anoreg-webhook-token");
        env.put("JAVA_TOOL_OPTIONS", "-XX:AOTCache=" + cache + " -XX:AOTMode=on " + AotCache.imageJavaOptions()
                + " -Xlog:class+load=info:file=" + classes);
        Path log = Files.createTempFile("aot-cache", ".log");
        Process app = ProdJar.start(ProdJarIT.JAR, env, ProcessBuilder.Redirect.to(log.toFile()));
        try {
            assertThat(ProdJar.awaitReady(app, port, Duration.ofSeconds(90))).as(Files.readString(log)).isPositive();
            HttpResponse<String> webhook = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port + "/webhooks/digesto")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer aot-cache-it-digesto-webhook-token")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "[{\"id\": 917001, \"evt_type\": 16, \"data\": {\"vr_id\": 917001}}]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(202);
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> loaded = Files.readAllLines(classes);
        // loaded at start, so cached by the training run
        assertThat(loaded).anyMatch(line -> line.endsWith(" io.despacho.pipeline.WebhookIngress source: shared objects"
                + " file"));
        // loaded by answering a request, so cached only because the training run asked some
        assertThat(loaded).anyMatch(line -> line.endsWith(" io.despacho.pipeline.WebhookToken source: shared objects"
                + " file"));
        long ours = loaded.stream().filter(line -> line.contains(" io.despacho.")).count();
        long oursShared = loaded.stream().filter(line -> line.contains(" io.despacho.")
                && line.endsWith("source: shared objects file")).count();
        assertThat(oursShared).as("of %d classes of ours", ours).isGreaterThan(ours / 2);
    }
}
