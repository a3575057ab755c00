package io.despacho.console;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;

import io.despacho.pipeline.KafkaAdmin;
import io.despacho.pipeline.Provider;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.quarkus.qute.TemplateData;

/**
 * The overview's figures per provider: the last hour's events from the tables (the whole deployment), consumer lag
 * from Kafka's admin API, and from this pod's Micrometer registry the processing latency, circuit and budget.
 */
@ApplicationScoped
public class Overview {

    @TemplateData
    public record ProviderStats(String provider, long received, long processed, long deadLettered, String lag,
            String p50, String p99, String circuit, String budget, String chart) {
    }

    private final ConsoleQueries queries;
    private final MeterRegistry registry;
    private final Config config;
    private final KafkaAdmin kafkaAdmin;

    public Overview(ConsoleQueries queries, MeterRegistry registry, Config config, KafkaAdmin kafkaAdmin) {
        this.queries = queries;
        this.registry = registry;
        this.config = config;
        this.kafkaAdmin = kafkaAdmin;
    }

    public List<ProviderStats> stats() {
        List<ConsoleQueries.Minute> minutes = queries.minutes();
        Map<String, String> lags = lags();
        Instant now = Instant.now();
        return queries.lastHour().stream().map(hour -> {
            String provider = hour.provider();
            double[] latency = percentiles(provider);
            return new ProviderStats(provider, hour.received(), hour.processed(), hour.deadLettered(),
                    lags.getOrDefault(provider, "unknown"), millis(latency[0]), millis(latency[1]),
                    circuit(provider), budget(provider), RateChart.svg(provider, minutes, now));
        }).toList();
    }

    /**
     * Per provider, the records on its inbound topic its consumer group has not committed yet; one round of admin
     * calls for all of them (the page asks every few seconds). Empty when Kafka does not answer in time.
     */
    Map<String, String> lags() {
        Map<String, String> groups = new HashMap<>();
        for (Provider p : Provider.values()) {
            groups.put(p.id(), config.getOptionalValue("mp.messaging.incoming." + p.id() + "-inbound.group.id",
                    String.class).orElse("despacho-" + p.id()));
        }
        try {
            Admin admin = kafkaAdmin.get();
            List<String> topics = Arrays.stream(Provider.values()).map(Provider::inboundTopic).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(3, TimeUnit.SECONDS)
                    .forEach((topic, description) -> description.partitions().forEach(info -> latest.put(
                            new TopicPartition(topic, info.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(3, TimeUnit.SECONDS);
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groups.values().forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
            ListConsumerGroupOffsetsResult committed = admin.listConsumerGroupOffsets(specs);
            Map<String, String> lags = new HashMap<>();
            for (Provider p : Provider.values()) {
                Map<TopicPartition, OffsetAndMetadata> done = committed.partitionsToOffsetAndMetadata(
                        groups.get(p.id())).get(3, TimeUnit.SECONDS);
                long lag = 0;
                for (var end : ends.entrySet()) {
                    if (end.getKey().topic().equals(p.inboundTopic())) {
                        OffsetAndMetadata at = done.get(end.getKey());
                        lag += end.getValue().offset() - (at == null ? 0 : at.offset());
                    }
                }
                lags.put(p.id(), Long.toString(Math.max(0, lag)));
            }
            return lags;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** p50 and p99 of the processing timer (all outcomes), from its histogram since this pod started; NaN if none. */
    double[] percentiles(String provider) {
        Map<Double, Double> buckets = new HashMap<>();
        long total = 0;
        for (Timer timer : registry.find("despacho.events.processing").tag("provider", provider).timers()) {
            total += timer.count();
            for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
                buckets.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
            }
        }
        return new double[] { quantile(buckets, total, 0.5), quantile(buckets, total, 0.99) };
    }

    /** The upper bound of the first bucket holding the quantile (histogram buckets are cumulative). */
    static double quantile(Map<Double, Double> cumulative, long total, double q) {
        if (total == 0) {
            return Double.NaN;
        }
        return cumulative.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> e.getValue() >= q * total).map(Map.Entry::getKey).findFirst().orElse(Double.NaN);
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "–" : value < 10 ? String.format("≤ %.1f ms", value)
                : String.format("≤ %.0f ms", value);
    }

    /** The worst state of the provider's circuit breakers (SmallRye Fault Tolerance's gauges). */
    String circuit(String provider) {
        String worst = "closed";
        boolean any = false;
        for (Gauge gauge : registry.find("ft.circuitbreaker.state.current").gauges()) {
            String method = gauge.getId().getTag("method");
            if (method == null || !method.startsWith("io.despacho." + provider + ".")) {
                continue;
            }
            any = true;
            String state = gauge.getId().getTag("state");
            if (gauge.value() >= 1 && "open".equals(state)) {
                return "open";
            }
            if (gauge.value() >= 1 && "halfOpen".equals(state)) {
                worst = "half-open";
            }
        }
        return any ? worst : "closed";
    }

    String budget(String provider) {
        Gauge gauge = registry.find("despacho." + provider + ".budget.remaining").gauge();
        return gauge == null ? "no limit" : String.format("%.0f left", gauge.value());
    }
}
