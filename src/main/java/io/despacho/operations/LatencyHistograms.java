package io.despacho.operations;

import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Publishes Despacho's timers (event processing, webhook → processed, provider calls) as Prometheus histograms, so
 * p50/p99 can be computed across pods with histogram_quantile() — client-side percentiles cannot be aggregated.
 */
@Singleton
public class LatencyHistograms {

    @Produces
    @Singleton
    MeterFilter despachoTimerHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("despacho.")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .minimumExpectedValue((double) Duration.ofMillis(1).toNanos())
                        .maximumExpectedValue((double) Duration.ofMinutes(10).toNanos())
                        .build()
                        .merge(config);
            }
        };
    }
}
