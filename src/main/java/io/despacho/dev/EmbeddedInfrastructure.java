package io.despacho.dev;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Starts the embedded broker and database at most once per JVM and answers the configuration that points at them.
 * <p>
 * Dev mode reads configuration from several class loaders (build, runtime, every hot reload), so the addresses are
 * kept in system properties, which all of them share, rather than in a static field.
 * A service the environment already provides ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code QUARKUS_DATASOURCE_JDBC_URL})
 * is not started.
 */
public final class EmbeddedInfrastructure {

    static final String KAFKA = "kafka.bootstrap.servers";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    private static final String PREFIX = "despacho.embedded.";

    private EmbeddedInfrastructure() {
    }

    public static Map<String, String> startOnce() {
        Properties shared = System.getProperties();
        synchronized (shared) {
            Map<String, String> config = new HashMap<>();
            if (System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null) {
                if (shared.getProperty(PREFIX + KAFKA) == null) {
                    shared.setProperty(PREFIX + KAFKA, EmbeddedKafka.start());
                }
                config.put(KAFKA, shared.getProperty(PREFIX + KAFKA));
            }
            if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") == null) {
                if (shared.getProperty(PREFIX + JDBC_URL) == null) {
                    EmbeddedPostgres.start().forEach((k, v) -> shared.setProperty(PREFIX + k, v));
                }
                for (String key : new String[] { JDBC_URL, USERNAME, PASSWORD }) {
                    config.put(key, shared.getProperty(PREFIX + key));
                }
            }
            return config;
        }
    }
}
