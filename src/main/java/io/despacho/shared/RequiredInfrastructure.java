package io.despacho.shared;

import io.smallrye.config.ConfigMapping;

/**
 * The broker and database a deployment must name. Mapped so that a prod start without them fails at configuration
 * validation with one list naming every missing variable ("Could not expand value KAFKA_BOOTSTRAP_SERVERS ..."),
 * instead of a Kafka or JDBC error further on.
 */
@ConfigMapping(prefix = "despacho.required")
public interface RequiredInfrastructure {

    String kafkaBootstrapServers();

    String datasourceJdbcUrl();

    String datasourceUsername();

    String datasourcePassword();
}
