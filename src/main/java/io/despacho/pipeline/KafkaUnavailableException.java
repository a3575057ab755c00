package io.despacho.pipeline;

/** The broker did not make a request's events durable in time; the webhook answers 503 so the provider retries. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message) {
        super(message, null, false, false);
    }
}
