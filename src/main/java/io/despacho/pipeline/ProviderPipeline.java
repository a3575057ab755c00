package io.despacho.pipeline;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.pedido.NormalizedPedido;
import io.despacho.processo.NormalizedProcess;

/**
 * What a provider brings to the shared pipeline; everything else (webhook road, Kafka, keyed lanes, retries, DLQ,
 * outbox and publishing) is the pipeline's. A new provider is one package implementing this as a CDI bean, plus its
 * inbound channel ({@code <id>-inbound}, declared in application.properties and in {@link InboundConsumers}), its
 * config, its sandbox and its tests.
 */
public interface ProviderPipeline {

    Provider provider();

    /** How many calls the provider's client makes before a transient failure escapes it (its retry policy). */
    int providerAttempts();

    /**
     * Handles one inbound record in its own transaction(s): idempotent on the event id, stale-safe. Throws
     * {@code UnmappableException} or a permanent {@code ProviderException} for what can never succeed (DLQ at once).
     */
    Outcome process(InboundRecord record);

    /** A stored process mapped again from its raw payload (after a mapping fix), when this provider stores them. */
    default Optional<NormalizedProcess> remapProcess(JsonNode raw, String sourceId) {
        return Optional.empty();
    }

    /** The same for a stored pedido. */
    default Optional<NormalizedPedido> remapPedido(JsonNode raw) {
        return Optional.empty();
    }
}
