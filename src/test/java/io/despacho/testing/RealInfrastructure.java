package io.despacho.testing;

import java.util.Map;

import io.despacho.dev.EmbeddedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * A real Kafka broker (single-node KRaft, in this JVM) and a real PostgreSQL for every {@code @QuarkusTest}, on random
 * ports, started once per JVM and shared by all test classes and profiles. When KAFKA_BOOTSTRAP_SERVERS or
 * QUARKUS_DATASOURCE_JDBC_URL are set, the tests use those services instead.
 */
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return EmbeddedInfrastructure.startOnce();
    }

    @Override
    public void stop() {
        // shared by every Quarkus restart of this JVM; the services stop with the JVM
    }
}
