package io.despacho.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.Uuid;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A broker and a PostgreSQL of their own that a fault test can stop and start again on the same ports and data, as
 * an outage of the real services would look to the application.
 */
public final class RestartableInfrastructure implements AutoCloseable {

    private final int kafkaPort = ProdJar.freePort();
    private final int controllerPort = ProdJar.freePort();
    private final int postgresPort = ProdJar.freePort();
    private final String clusterId = Uuid.randomUuid().toString();
    private final Path kafkaDir;
    private final Path postgresDir;
    private EmbeddedKafkaBroker broker;
    private EmbeddedPostgres postgres;

    public RestartableInfrastructure() {
        try {
            kafkaDir = Files.createTempDirectory("despacho-fault-kafka");
            postgresDir = Files.createTempDirectory("despacho-fault-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startKafka();
        startPostgres();
    }

    /** The configuration contract's variables pointing at these services. */
    public Map<String, String> env() {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers(),
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + postgresPort + "/postgres",
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "postgres");
    }

    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    public synchronized void startKafka() {
        broker = new EmbeddedKafkaBroker()
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withClusterId(clusterId)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(props -> {
                    props.put("log.dirs", kafkaDir.toString());
                    props.put("num.partitions", "3");
                    props.put("min.insync.replicas", "1");
                    props.put("auto.create.topics.enable", "true");
                })
                .start();
    }

    public synchronized void stopKafka() {
        broker.close();
    }

    public synchronized void startPostgres() {
        try {
            postgres = EmbeddedPostgres.builder().setDataDirectory(postgresDir).setCleanDataDirectory(false)
                    .setPort(postgresPort).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void stopPostgres() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            stopKafka();
        } finally {
            stopPostgres();
        }
    }
}
