package io.despacho.digesto.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.despacho.digesto.DigestoConfig;
import io.despacho.digesto.client.DigestoClient;
import io.despacho.inbound.DeadLetters;
import io.despacho.inbound.InboundConsumer;
import io.despacho.ingress.Provider;
import io.despacho.outbox.DownstreamPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;

/** Consumes {@code despacho.inbound.digesto} with the shared {@link InboundConsumer} loop. */
@ApplicationScoped
public class DigestoInboundConsumer {

    private static final Logger LOG = Logger.getLogger(DigestoInboundConsumer.class);

    private final Multi<Message<String>> inbound;
    private final InboundConsumer consumer;
    private final int lanes;
    private final boolean apiTokenMissing;

    public DigestoInboundConsumer(@Channel("digesto-inbound") Multi<Message<String>> inbound,
            DigestoEventProcessor processor, DownstreamPublisher publisher, DeadLetters deadLetters,
            DigestoConfig config, MeterRegistry registry,
            @ConfigProperty(name = "despacho.consumer.lanes", defaultValue = "8") int lanes) {
        this.inbound = inbound;
        this.lanes = lanes;
        this.apiTokenMissing = config.usableApiToken().isEmpty();
        this.consumer = new InboundConsumer(Provider.DIGESTO, processor::process, DigestoClient.MAX_ATTEMPTS,
                publisher, deadLetters, registry);
    }

    void start(@Observes StartupEvent event) {
        if (apiTokenMissing) {
            LOG.warn("DIGESTO_API_TOKEN is not set: webhooks are accepted, but events that need the Digesto API"
                    + " (virtual reports) will be dead-lettered until it is set");
        }
        consumer.start(inbound, lanes);
    }

    void stop(@Observes ShutdownEvent event) {
        consumer.stop();
    }
}
