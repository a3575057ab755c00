package io.despacho.pipeline;

import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Health, metrics, OpenAPI, and what the test (non-dev) build must not contain. */
@QuarkusTest
class OperabilityTest {

    @Test
    void readinessCoversKafkaButNotTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Kafka connection health check"))
                // webhooks need only Kafka: a database outage must not take the pods out of the Service
                .body("checks.name", not(hasItems("Database connections health check", "PostgreSQL")));
        given().get("/q/health/group/storage").then().statusCode(200).body("checks.name", hasItems("PostgreSQL"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/started").then().statusCode(200); // the startup probe of k8s/deployment.yaml
    }

    @Test
    void metricsCountRequestsByProviderAndOutcomeAndPublishedEvents() {
        // the app is shared with other tests: count what these requests add, not what is there
        String accepted = "despacho_webhook_requests_total{outcome=\"accepted\",provider=\"digesto\"}";
        String invalid = "despacho_webhook_requests_total{outcome=\"invalid\",provider=\"digesto\"}";
        String published = "despacho_events_published_total{provider=\"digesto\"}";
        double acceptedBefore = metric(accepted);
        double invalidBefore = metric(invalid);
        double publishedBefore = metric(published);
        digesto("[{\"id\": 660001, \"evt_type\": 2}, {\"id\": 660004, \"evt_type\": 2}]").statusCode(202);
        digesto("[{\"id\": 660002}]").statusCode(400);
        assertThat(metric(accepted) - acceptedBefore).isEqualTo(1);
        assertThat(metric(invalid) - invalidBefore).isEqualTo(1);
        assertThat(metric(published) - publishedBefore).as("two events of one request").isEqualTo(2);
    }

    static double metric(String series) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(
                        line.substring(series.length() + 1))).findFirst().orElse(0);
    }

    @Test
    void processingAndEndToEndLatencyArePrometheusHistograms() {
        digesto("[{\"id\": 660003, \"evt_type\": 2}]").statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                given().get("/q/metrics").then().statusCode(200).extract().asString())
                .containsPattern("despacho_events_processing_seconds_bucket\\{[^}]*provider=\"digesto\"[^}]*le=\"")
                .containsPattern("despacho_events_end_to_end_seconds_bucket\\{[^}]*provider=\"digesto\"[^}]*le=\"")
                .containsPattern("despacho_events_processed_total\\{outcome=\"[a-z_]+\",provider=\"digesto\"\\} [1-9]"));
    }

    @Test
    void openApiDocumentsBothWebhooksWithExamples() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/webhooks/digesto'.post.requestBody.content.'application/json'.examples",
                        org.hamcrest.Matchers.aMapWithSize(3))
                .body("paths.'/webhooks/anoreg/pedidos'.post.responses.keySet()",
                        hasItems("202", "400", "401", "413", "415", "503"))
                .body("paths.'/webhooks/digesto'.post.responses.keySet()",
                        hasItems("200", "202", "400", "401", "413", "415", "503"));
    }

    @Test
    void providerSandboxExistsOnlyInDevMode() {
        given().get("/sandbox/digesto/api/tribproc/00163774620158070003").then().statusCode(404)
                .contentType(containsString("problem+json"));
    }
}
