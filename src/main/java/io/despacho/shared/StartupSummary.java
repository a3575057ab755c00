package io.despacho.shared;

import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/** One start-up line saying which broker and database this instance uses (credentials and URL parameters left out). */
public class StartupSummary {

    private static final Logger LOG = Logger.getLogger(StartupSummary.class);

    void onStart(@Observes StartupEvent event, RequiredInfrastructure infrastructure) {
        LOG.infof("Kafka: %s; database: %s", infrastructure.kafkaBootstrapServers(),
                withoutParameters(infrastructure.datasourceJdbcUrl()));
    }

    static String withoutParameters(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
