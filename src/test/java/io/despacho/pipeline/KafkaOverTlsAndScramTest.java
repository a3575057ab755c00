package io.despacho.pipeline;

import static io.despacho.pipeline.WebhookCalls.digesto;
import static io.despacho.testing.Api.asOperator;
import static io.despacho.testing.DigestoStubs.event;
import static io.despacho.testing.DigestoStubs.process;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.server.config.ServerLogConfigs;
import org.junit.jupiter.api.Test;

import io.despacho.shared.Cnj;
import io.despacho.testing.ProdJar;
import io.despacho.testing.TestCnj;
import io.despacho.testing.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * The KAFKA_SECURITY_PROTOCOL / KAFKA_SASL_* / KAFKA_SSL_TRUSTSTORE_* variables reach every Kafka client: the whole
 * road (webhook producer, inbound consumer, outbox publisher, topic admin) runs against a broker whose client
 * listener is TLS with SCRAM-SHA-512, as k8s/ configures it for Strimzi (its certificate made here with keytool, the
 * application trusting it through a PKCS12 truststore, as it trusts Strimzi's cluster CA).
 */
@QuarkusTest
@TestProfile(KafkaOverTlsAndScramTest.OverSasl.class)
class KafkaOverTlsAndScramTest {

    static final String USER = "despacho-app";
    static final String PASSWORD = "sasl-test-password-0123456789";
    static final String STORE_PASSWORD = "store-password-0123456789";

    public static class OverSasl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> broker = SaslBroker.startOnce();
            return Map.of("kafka.bootstrap.servers", broker.get("sasl"),
                    "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                    "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                    "KAFKA_SASL_JAAS_CONFIG", jaas(PASSWORD),
                    "KAFKA_SSL_TRUSTSTORE_LOCATION", broker.get("truststore"),
                    "KAFKA_SSL_TRUSTSTORE_PASSWORD", STORE_PASSWORD);
        }
    }

    @Test
    void theWholeRoadRunsOverScram() {
        Cnj cnj = TestCnj.next();
        digesto(event(System.currentTimeMillis() * 1000 + 950_000_000L, 13, process(cnj, "2016-05-03T18:25:01")))
                .statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> asOperator().get("/api/processos/" + cnj.digits())
                .then().statusCode(200));
        String plaintext = SaslBroker.startOnce().get("plain");
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.readAll(plaintext, "despacho.processos").stream()
                .anyMatch(r -> cnj.digits().equals(r.key())));
    }

    @Test
    void theBrokerRefusesAWrongPasswordAndAnUntrustedCertificate() {
        Properties wrong = new Properties();
        wrong.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, SaslBroker.startOnce().get("sasl"));
        wrong.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        wrong.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        wrong.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("not-the-password"));
        wrong.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, SaslBroker.startOnce().get("truststore"));
        wrong.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, STORE_PASSWORD);
        wrong.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
        wrong.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        wrong.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(wrong)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).hasCauseInstanceOf(
                    SaslAuthenticationException.class);
        }
        Properties untrusting = new Properties();
        untrusting.putAll(wrong);
        untrusting.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(PASSWORD));
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG);
        untrusting.remove(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG);
        try (Admin admin = Admin.create(untrusting)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).hasCauseInstanceOf(
                    SslAuthenticationException.class);
        }
    }

    static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";";
    }

    /** A KRaft broker with a PLAINTEXT listener (for setup) and a SCRAM one (for the application), once per JVM. */
    static final class SaslBroker {
        private static final String KEY = "despacho.test.sasl-broker";

        static synchronized Map<String, String> startOnce() {
            // system properties: the profile and the test run in different class loaders
            if (System.getProperty(KEY + ".sasl") == null) {
                Path stores = certificates();
                int plain = ProdJar.freePort();
                int sasl = ProdJar.freePort();
                int controller = ProdJar.freePort();
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().withKafkaPort(plain)
                        .withControllerPort(controller).withDeleteLogDirsOnClose(true)
                        .withAdditionalProperties(props -> {
                            props.put("listeners", "PLAINTEXT://localhost:" + plain + ",SASL_SSL://localhost:"
                                    + sasl + ",CONTROLLER://localhost:" + controller);
                            props.put("advertised.listeners", "PLAINTEXT://localhost:" + plain
                                    + ",SASL_SSL://localhost:" + sasl);
                            props.put("listener.security.protocol.map",
                                    "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
                            props.put("inter.broker.listener.name", "PLAINTEXT");
                            props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
                            props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                            props.put("listener.name.sasl_ssl.ssl.keystore.location",
                                    stores.resolve("broker.p12").toString());
                            props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
                            props.put("listener.name.sasl_ssl.ssl.keystore.password", STORE_PASSWORD);
                            props.put("listener.name.sasl_ssl.ssl.key.password", STORE_PASSWORD);
                            props.put(ServerLogConfigs.NUM_PARTITIONS_CONFIG, "3");
                            props.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
                            props.put("auto.create.topics.enable", "true");
                        }).start();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "sasl-kafka-stop"));
                try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                        "localhost:" + plain))) {
                    admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get();
                } catch (Exception e) {
                    throw new IllegalStateException("could not create the SCRAM user", e);
                }
                System.setProperty(KEY + ".plain", "localhost:" + plain);
                System.setProperty(KEY + ".sasl", "localhost:" + sasl);
                System.setProperty(KEY + ".truststore", stores.resolve("trust.p12").toString());
            }
            return Map.of("plain", System.getProperty(KEY + ".plain"), "sasl", System.getProperty(KEY + ".sasl"),
                    "truststore", System.getProperty(KEY + ".truststore"));
        }

        /** A self-signed broker certificate for localhost and a truststore holding it, made with the JDK's keytool. */
        private static Path certificates() {
            try {
                Path dir = Files.createTempDirectory("despacho-kafka-tls");
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
                keytool(dir, keytool, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048",
                        "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                        "-keystore", "broker.p12", "-storetype", "PKCS12", "-storepass", STORE_PASSWORD,
                        "-keypass", STORE_PASSWORD);
                keytool(dir, keytool, "-exportcert", "-alias", "broker", "-keystore", "broker.p12", "-storepass",
                        STORE_PASSWORD, "-file", "broker.crt");
                keytool(dir, keytool, "-importcert", "-alias", "broker", "-file", "broker.crt", "-keystore",
                        "trust.p12", "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-noprompt");
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void keytool(Path dir, String... command) throws IOException {
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .start();
                String output = new String(process.getInputStream().readAllBytes());
                if (process.waitFor() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
