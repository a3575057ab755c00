package io.despacho.judit.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.despacho.inbound.DeadLetters;
import io.despacho.inbound.InboundConsumer;
import io.despacho.ingress.Provider;
import io.despacho.judit.client.JuditClient;
import io.despacho.outbox.DownstreamPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;

/** Consumes {@code despacho.inbound.judit} (per Judit request in order) with the shared {@link InboundConsumer} loop. */
@ApplicationScoped
public class JuditInboundConsumer {

    private final Multi<Message<String>> inbound;
    private final InboundConsumer consumer;
    private final int lanes;

    public JuditInboundConsumer(@Channel("judit-inbound") Multi<Message<String>> inbound,
            JuditEventProcessor processor, DownstreamPublisher publisher, DeadLetters deadLetters,
            MeterRegistry registry, @ConfigProperty(name = "despacho.consumer.lanes", defaultValue = "8") int lanes) {
        this.inbound = inbound;
        this.lanes = lanes;
        this.consumer = new InboundConsumer(Provider.JUDIT, processor::process, JuditClient.MAX_ATTEMPTS, publisher,
                deadLetters, registry);
    }

    void start(@Observes StartupEvent event) {
        consumer.start(inbound, lanes);
    }

    void stop(@Observes ShutdownEvent event) {
        consumer.stop();
    }
}
