package io.despacho.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * The production jar refuses to start with a secret that is not one: a token of the embedded default (they are in
 * the README) or one shorter than {@value #MIN_LENGTH} characters. Each offending variable is named; its value never
 * is. Dev mode and tests keep their well-known tokens.
 */
@ApplicationScoped
public class ProductionGuards {

    static final int MIN_LENGTH = 24;
    static final Set<String> DEV_TOKENS = Set.of("dev-digesto-token", "dev-anoreg-token", "dev-judit-token",
            "dev-operator-token", "dev-reader-token");
    /** Our own secrets, by environment variable, and the property each sets. */
    static final Map<String, String> SECRETS = new LinkedHashMap<>();

    static {
        SECRETS.put("DIGESTO_WEBHOOK_TOKEN", "despacho.digesto.webhook-token");
        SECRETS.put("ANOREG_WEBHOOK_TOKEN", "despacho.anoreg.webhook-token");
        SECRETS.put("JUDIT_WEBHOOK_TOKEN", "despacho.judit.webhook-token");
        SECRETS.put("DESPACHO_READER_TOKEN", "despacho.access.reader-token");
        SECRETS.put("DESPACHO_OPERATOR_TOKEN", "despacho.access.operator-token");
        SECRETS.put("DESPACHO_CONSOLE_SESSION_KEY", "despacho.console.session-key");
    }

    void check(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        Map<String, Optional<String>> values = new LinkedHashMap<>();
        SECRETS.forEach((variable, property) -> values.put(variable, config.getOptionalValue(property, String.class)));
        List<String> problems = problems(values);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start with unsafe secrets: " + String.join("; ", problems));
        }
    }

    /** What is wrong with each set secret (an unset optional one is fine: its feature stays closed). */
    static List<String> problems(Map<String, Optional<String>> secrets) {
        List<String> problems = new ArrayList<>();
        secrets.forEach((variable, value) -> value.filter(v -> !v.isBlank()).ifPresent(token -> {
            if (DEV_TOKENS.contains(token.strip())) {
                problems.add(variable + " is a token of the embedded default, published in the README");
            } else if (token.strip().length() < MIN_LENGTH) {
                problems.add(variable + " is shorter than " + MIN_LENGTH + " characters");
            }
        }));
        return problems;
    }
}
