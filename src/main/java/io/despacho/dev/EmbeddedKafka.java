package io.despacho.dev;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.server.config.ServerLogConfigs;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;

/**
 * A single-node KRaft broker inside this JVM, on random ports, for the embedded default and the tests.
 * Only reached from dev mode and tests: the broker classes are "provided" and absent from the prod jar.
 */
public final class EmbeddedKafka {

    private EmbeddedKafka() {
    }

    /** Starts a broker and returns its bootstrap address; the broker stops with the JVM. */
    public static String start() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker()
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(props -> {
                    // several partitions so that different keys are really processed in parallel
                    props.put(ServerLogConfigs.NUM_PARTITIONS_CONFIG, "3");
                    props.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
                    props.put("auto.create.topics.enable", "true");
                })
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        return broker.getAdvertisedListeners().replace("PLAINTEXT://", "");
    }
}
