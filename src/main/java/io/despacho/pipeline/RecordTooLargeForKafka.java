package io.despacho.pipeline;

/**
 * The broker (or the producer) refused a record as too large: retrying cannot help, so the webhook answers 413
 * naming the limit instead of 503. Happens only where a topic's {@code max.message.bytes} is below the record limit
 * Despacho was configured with (see {@code KafkaTopicLimits}).
 */
public class RecordTooLargeForKafka extends KafkaUnavailableException {

    public RecordTooLargeForKafka(String message) {
        super(message);
    }
}
