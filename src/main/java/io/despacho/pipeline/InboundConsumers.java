package io.despacho.pipeline;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.despacho.outbox.DownstreamPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;

/**
 * Runs the shared {@link InboundConsumer} loop for every {@link ProviderPipeline} on its {@code <id>-inbound}
 * channel. The channels are named here because SmallRye wires {@code @Channel} injection points at build time.
 */
@ApplicationScoped
public class InboundConsumers {

    private final Map<Provider, Multi<Message<String>>> channels = new EnumMap<>(Provider.class);
    private final Instance<ProviderPipeline> pipelines;
    private final DownstreamPublisher publisher;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final int lanes;
    private final List<InboundConsumer> running = new ArrayList<>();

    public InboundConsumers(@Channel("digesto-inbound") Multi<Message<String>> digesto,
            @Channel("anoreg-inbound") Multi<Message<String>> anoreg,
            @Channel("justicafacil-inbound") Multi<Message<String>> justicafacil,
            @Channel("judit-inbound") Multi<Message<String>> judit, @Any Instance<ProviderPipeline> pipelines,
            DownstreamPublisher publisher, DeadLetters deadLetters, MeterRegistry registry,
            @ConfigProperty(name = "despacho.consumer.lanes", defaultValue = "32") int lanes) {
        channels.put(Provider.DIGESTO, digesto);
        channels.put(Provider.ANOREG, anoreg);
        channels.put(Provider.JUSTICAFACIL, justicafacil);
        channels.put(Provider.JUDIT, judit);
        this.pipelines = pipelines;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.lanes = lanes;
    }

    void start(@Observes StartupEvent event) {
        for (ProviderPipeline pipeline : pipelines) {
            Multi<Message<String>> inbound = channels.get(pipeline.provider());
            if (inbound == null) {
                throw new IllegalStateException("no inbound channel for " + pipeline.provider().id()
                        + ": declare mp.messaging.incoming." + pipeline.provider().id() + "-inbound");
            }
            InboundConsumer consumer = new InboundConsumer(pipeline, publisher, deadLetters, registry);
            consumer.start(inbound, lanes);
            running.add(consumer);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running.forEach(InboundConsumer::stop);
    }

    /** The pipeline of a provider, for operations that act on its stored records (renormalize). */
    public Optional<ProviderPipeline> pipeline(Provider provider) {
        return pipelines.stream().filter(p -> p.provider() == provider).findFirst();
    }
}
