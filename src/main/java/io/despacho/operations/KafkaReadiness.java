package io.despacho.operations;

import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.despacho.pipeline.KafkaAdmin;

/**
 * Readiness: the broker answers. In place of Quarkus's own Kafka check (same name), which waits on
 * {@code describeCluster()} with no bound of its own: while the broker was away it held each probe, and a shutdown
 * behind it, for the admin client's 60 s. This one answers DOWN within {@value #TIMEOUT_MS} ms.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    static final String NAME = "Kafka connection health check";
    static final int TIMEOUT_MS = 3_000;

    private final KafkaAdmin admin;

    public KafkaReadiness(KafkaAdmin admin) {
        this.admin = admin;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            Collection<Node> nodes = admin.get().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS))
                    .nodes().get(TIMEOUT_MS + 500L, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named(NAME).up()
                    .withData("nodes", nodes.stream().map(n -> n.host() + ":" + n.port())
                            .collect(Collectors.joining(",")))
                    .build();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return HealthCheckResponse.named(NAME).down().withData("error", cause.getClass().getSimpleName()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named(NAME).down().withData("error", "interrupted").build();
        }
    }
}
