package io.despacho.access;

import java.util.HashMap;
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
 * extension would otherwise refuse to start without one. An explicit QUARKUS_OIDC_TENANT_ENABLED still wins. The
 * console's tenant (code flow at /console/sso) likewise, only where it has a client id.
 */
public class OidcSwitch implements ConfigSourceFactory {

    /** Below application.properties (250) and the environment (300). */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean configured = present(context.getValue("quarkus.oidc.auth-server-url"))
                || present(context.getValue("quarkus.oidc.public-key"));
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.oidc.tenant-enabled", Boolean.toString(configured));
        // the console's sign-in through the identity provider's code flow, when it also has a client for it
        boolean console = present(context.getValue("quarkus.oidc.console.auth-server-url"))
                && present(context.getValue("quarkus.oidc.console.client-id"));
        settings.put("quarkus.oidc.console.tenant-enabled", Boolean.toString(console));
        settings.put("despacho.console.oidc-sign-in", Boolean.toString(console));
        if (console) {
            settings.put("quarkus.http.auth.permission.console-sso.paths", "/console/sso");
            settings.put("quarkus.http.auth.permission.console-sso.policy", "authenticated");
            settings.put("quarkus.http.auth.permission.console-sso.auth-mechanism", "code");
        }
        return List.of(new MapBackedConfigSource("despacho-oidc-switch", settings, ORDINAL) {
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
