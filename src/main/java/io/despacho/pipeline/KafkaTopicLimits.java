package io.despacho.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Makes the topics Despacho writes take every record it may write: a missing topic is created with
 * {@code max.message.bytes} = {@link IngressConfig#maxRecordSize()}, an existing one whose limit is lower is raised to
 * it. Where the deployment manages topics itself (Strimzi KafkaTopic, k8s/kafka-topics.yaml carries the same value) or
 * the app may not alter them, a warning names the topic; a record that still does not fit is answered 413 at the
 * webhook, or dead-lettered downstream, never retried forever. Off with {@code despacho.kafka.manage-topics=false}.
 */
@ApplicationScoped
public class KafkaTopicLimits {

    private static final Logger LOG = Logger.getLogger(KafkaTopicLimits.class);
    private static final long TIMEOUT_SECONDS = 15;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    IngressConfig ingress;

    @ConfigProperty(name = "despacho.kafka.topics")
    List<String> topics;

    @ConfigProperty(name = "despacho.kafka.manage-topics", defaultValue = "true")
    boolean manage;

    void onStart(@Observes StartupEvent start) {
        if (ingress.maxRecordSize() < ingress.maxBodySize().asLongValue() + 64 * 1024) {
            throw new IllegalStateException("despacho.ingress.max-record-size (" + ingress.maxRecordSize()
                    + ") must exceed despacho.ingress.max-body-size (" + ingress.maxBodySize().asLongValue()
                    + " bytes) by 64 KiB at least, for the record headers and batch overhead");
        }
        if (manage) {
            // off the start path: with the broker away this waits for its timeouts, and start must not
            Thread checker = new Thread(this::applyOnce, "despacho-topic-limits");
            checker.setDaemon(true);
            checker.start();
        }
    }

    private void applyOnce() {
        try (Admin admin = Admin.create(KafkaAdmin.settings(kafka, 10_000, 15_000))) {
            apply(admin);
        } catch (RuntimeException | ExecutionException | TimeoutException e) {
            LOG.warnf("Could not check the topics' max.message.bytes (%s); larger records may be refused",
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void apply(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        String limit = Integer.toString(ingress.maxRecordSize());
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (String topic : topics) {
            if (!existing.contains(topic)) {
                missing.add(new NewTopic(topic, Optional.empty(), Optional.empty())
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, limit)));
            }
        }
        for (var created : admin.createTopics(missing).values().entrySet()) {
            try {
                created.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        raise(admin, limit);
    }

    private void raise(Admin admin, String limit) throws InterruptedException, ExecutionException, TimeoutException {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> raise = new HashMap<>();
        configs.forEach((resource, config) -> {
            ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry == null || Long.parseLong(entry.value()) < ingress.maxRecordSize()) {
                raise.put(resource, List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, limit), AlterConfigOp.OpType.SET)));
            }
        });
        for (var altered : admin.incrementalAlterConfigs(raise).values().entrySet()) {
            try {
                altered.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.infof("topic %s: max.message.bytes raised to %s", altered.getKey().name(), limit);
            } catch (ExecutionException e) {
                LOG.warnf("topic %s keeps a max.message.bytes below %s (%s): larger records will be refused",
                        altered.getKey().name(), limit, e.getCause().getClass().getSimpleName());
            }
        }
    }
}
