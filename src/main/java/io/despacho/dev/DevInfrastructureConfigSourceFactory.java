package io.despacho.dev;

import java.util.List;
import java.util.OptionalInt;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.common.MapBackedConfigSource;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The embedded default of {@code ./mvnw quarkus:dev}: starts a Kafka broker and a PostgreSQL server in the dev
 * profile only and points the application at them. In any other profile it contributes nothing and never touches
 * the embedded classes, which the prod jar does not contain.
 */
public class DevInfrastructureConfigSourceFactory implements ConfigSourceFactory {

    /** Above application.properties (250), below environment variables (300). */
    private static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!context.getProfiles().contains("dev")) {
            return List.of();
        }
        return List.of(new MapBackedConfigSource("despacho-embedded-infrastructure", EmbeddedInfrastructure.startOnce(),
                ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
