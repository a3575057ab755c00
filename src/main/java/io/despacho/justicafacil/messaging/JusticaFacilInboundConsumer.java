package io.despacho.justicafacil.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.despacho.inbound.DeadLetters;
import io.despacho.inbound.InboundConsumer;
import io.despacho.ingress.Provider;
import io.despacho.justicafacil.client.JusticaFacilClient;
import io.despacho.outbox.DownstreamPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;

/** Consumes {@code despacho.inbound.justicafacil} with the shared {@link InboundConsumer} loop. */
@ApplicationScoped
public class JusticaFacilInboundConsumer {

    private final Multi<Message<String>> inbound;
    private final InboundConsumer consumer;
    private final int lanes;

    public JusticaFacilInboundConsumer(@Channel("justicafacil-inbound") Multi<Message<String>> inbound,
            NotaProcessor processor, DownstreamPublisher publisher, DeadLetters deadLetters, MeterRegistry registry,
            @ConfigProperty(name = "despacho.consumer.lanes", defaultValue = "8") int lanes) {
        this.inbound = inbound;
        this.lanes = lanes;
        this.consumer = new InboundConsumer(Provider.JUSTICAFACIL, processor::process, JusticaFacilClient.MAX_ATTEMPTS,
                publisher, deadLetters, registry);
    }

    void start(@Observes StartupEvent event) {
        consumer.start(inbound, lanes);
    }

    void stop(@Observes ShutdownEvent event) {
        consumer.stop();
    }
}
