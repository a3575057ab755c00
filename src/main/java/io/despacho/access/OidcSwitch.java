package io.despacho.access;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;

/**
 * OIDC is on only where an identity provider is named (QUARKUS_OIDC_AUTH_SERVER_URL, or a verification key): the
 * extension would otherwise refuse to start without one. An explicit QUARKUS_OIDC_TENANT_ENABLED still wins.
 */
public class OidcSwitch implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300). */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean configured = present(context.getValue("quarkus.oidc.auth-server-url"))
                || present(context.getValue("quarkus.oidc.public-key"));
        return List.of(new MapBackedConfigSource("despacho-oidc-switch",
                Map.of("quarkus.oidc.tenant-enabled", Boolean.toString(configured)), ORDINAL) {
        });
    }

    private static boolean present(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
