package io.despacho.pipeline;

import java.time.Duration;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

@ConfigMapping(prefix = "despacho.ingress")
public interface IngressConfig {

    /** How long a webhook waits for the broker to acknowledge every event before answering 503. */
    @WithDefault("10s")
    Duration publishDeadline();

    /** Seconds a provider is told to wait (Retry-After) after a 503. */
    @WithDefault("30")
    int retryAfterSeconds();

    /** Largest webhook body accepted; larger ones get 413 before their body is read. */
    @WithDefault("10M")
    MemorySize maxBodySize();

    /**
     * Largest record Despacho writes to Kafka, in bytes, uncompressed: the producers' {@code max.request.size} and
     * the {@code max.message.bytes} of the topics it creates or raises. At least the body limit plus room for the
     * headers and the batch (checked at start).
     */
    @WithName("max-record-size")
    @WithDefault("11534336")
    int maxRecordSize();
}
