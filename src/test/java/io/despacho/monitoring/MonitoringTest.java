package io.despacho.monitoring;

import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.Api.asOperator;
import static io.despacho.testing.DigestoStubs.event;
import static io.despacho.testing.DigestoStubs.process;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.judit.client.JuditClient;
import io.despacho.retention.RetentionPurges;
import io.despacho.shared.Cnj;
import io.despacho.testing.TestCnj;
import io.quarkus.test.junit.QuarkusTest;

/** The Grafana dashboard and the alert rules in k8s/monitoring parse, and query only metrics the app exports. */
@QuarkusTest
class MonitoringTest {

    static final Path MONITORING = Path.of("k8s/monitoring");
    static final Pattern METRIC = Pattern.compile("\\b(?:despacho|http_server|kafka|ft)_[a-z0-9_]+");

    @Inject
    RetentionPurges purges;

    @Inject
    JuditClient judit;

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExported() throws Exception {
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("despacho-dashboard.json").toFile());
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(t -> expressions.add(
                t.get("expr").asText())));
        List<Map<String, Object>> rules = rules();
        rules.forEach(rule -> expressions.add(String.valueOf(rule.get("expr"))));
        assertThat(dashboard.get("panels")).hasSizeGreaterThanOrEqualTo(10);
        assertThat(rules).extracting(rule -> rule.get("alert")).contains("DespachoDeadLettersGrowing",
                "DespachoConsumerLagRising", "DespachoProviderCircuitOpen", "DespachoAnoregBudgetExhausted");

        Set<String> queried = new TreeSet<>();
        expressions.forEach(expr -> {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                queried.add(m.group());
            }
        });

        // traffic, so that the lazily registered meters exist: a webhook processed end to end, a purge, a
        // provider call through the circuit breaker
        Cnj cnj = TestCnj.next();
        digesto(event(System.currentTimeMillis() * 1000 + 960_000_000L, 13, process(cnj, "2016-05-03T18:25:01")))
                .statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> asOperator().get("/api/processos/" + cnj.digits())
                .then().statusCode(200));
        purges.purgeAll();
        try {
            judit.requestStatus("00000000-0000-0000-0000-000000000000");
        } catch (RuntimeException expected) {
            // no Judit here: the call fails, its meters exist
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String exported = given().get("/q/metrics").then().statusCode(200).extract().asString();
            Set<String> missing = new TreeSet<>();
            for (String name : queried) {
                if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(exported).find()) {
                    missing.add(name);
                }
            }
            assertThat(missing).as("queried but not exported").isEmpty();
        });
        System.out.println("monitoring queries " + queried.size() + " metrics: " + queried);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() throws IOException {
        try (InputStream in = Files.newInputStream(MONITORING.resolve("prometheus-rules.yaml"))) {
            Map<String, Object> rule = new Yaml().load(in);
            assertThat(rule.get("kind")).isEqualTo("PrometheusRule");
            List<Map<String, Object>> all = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec"))
                    .get("groups")) {
                all.addAll((List<Map<String, Object>>) group.get("rules"));
            }
            return all;
        }
    }
}
