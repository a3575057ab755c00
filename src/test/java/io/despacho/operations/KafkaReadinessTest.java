package io.despacho.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.despacho.pipeline.KafkaAdmin;

/**
 * A real admin client against a port where no broker listens. Quarkus's own check, which this one replaced, held the
 * probe until the client's default API timeout (60 s) and a shutdown waited for it; the bounds asserted here are
 * generous, and far below that.
 */
class KafkaReadinessTest {

    @Test
    void aBrokerThatIsAwayIsReportedDownWithinSeconds() {
        KafkaAdmin admin = new KafkaAdmin(Map.of("bootstrap.servers", "localhost:" + closedPort()));
        try {
            long started = System.nanoTime();
            HealthCheckResponse response = new KafkaReadiness(admin).call();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(response.getName()).isEqualTo("Kafka connection health check");
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow()).containsKey("error");
            assertThat(tookMs).as("answered, not held for the admin client's default 60 s").isLessThan(20_000);
        } finally {
            admin.close();
        }
    }

    @Test
    void closingDoesNotWaitForACallToABrokerThatIsAway() {
        KafkaAdmin admin = new KafkaAdmin(Map.of("bootstrap.servers", "localhost:" + closedPort()));
        admin.get().describeCluster(new DescribeClusterOptions().timeoutMs(60_000)); // pending, as a probe's would be
        long started = System.nanoTime();
        admin.close();
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMs).as("the shutdown is not held for the pending call's 60 s").isLessThan(20_000);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
