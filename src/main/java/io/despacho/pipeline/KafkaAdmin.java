package io.despacho.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.smallrye.common.annotation.Identifier;

/**
 * The admin client for what the app asks the broker itself (readiness, the console's lag), created at first use with
 * the connector's settings (bootstrap, TLS, SASL) and timeouts a probe can wait for: a broker that is away answers
 * within seconds, never after the client's default 60 s, and closing it never waits longer than 2 s.
 */
@ApplicationScoped
public class KafkaAdmin {

    static final int REQUEST_TIMEOUT_MS = 3_000;
    static final int API_TIMEOUT_MS = 5_000;
    /** Kafka settings an admin client takes; the rest of the shared map is for producers and consumers. */
    private static final Set<String> ADMIN_KEYS = AdminClientConfig.configNames();

    private final Map<String, Object> kafka;
    private volatile Admin admin;

    public KafkaAdmin(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    public Admin get() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> settings = settings(kafka, REQUEST_TIMEOUT_MS, API_TIMEOUT_MS);
                    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "despacho-admin");
                    admin = Admin.create(settings);
                }
                current = admin;
            }
        }
        return current;
    }

    /** Admin client settings from the connector's Kafka settings (bootstrap, TLS, SASL), with these timeouts. */
    static Map<String, Object> settings(Map<String, Object> kafka, int requestTimeoutMs, int apiTimeoutMs) {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (ADMIN_KEYS.contains(key)) {
                config.put(key, value);
            }
        });
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, apiTimeoutMs);
        return config;
    }

    @PreDestroy
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
