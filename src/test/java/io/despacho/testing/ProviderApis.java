package io.despacho.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * WireMock standing in for the provider APIs (the only thing faked in the tests), on a random port, shared by every
 * {@code @QuarkusTest} of the JVM. Requests nobody stubbed answer 404, which the clients treat as permanent.
 */
@WithTestResource(value = ProviderApis.class, scope = TestResourceScope.GLOBAL)
public class ProviderApis implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort().containerThreads(20)
                    .extensions(new io.despacho.bench.ReportPages(), new io.despacho.bench.RateLimitedAnoreg(),
                            new ProviderChaos()));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "wiremock-stop"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        String url = server().baseUrl();
        return Map.of(
                "despacho.digesto.api-url", url + "/digesto",
                "despacho.digesto.api-token", "test-digesto-api-token",
                "despacho.anoreg.api-url", url + "/anoreg",
                "despacho.justicafacil.api-url", url + "/justicafacil",
                "despacho.justicafacil.api-token", "test-justicafacil-token",
                "despacho.judit.api-url", url + "/judit",
                "despacho.judit.api-key", "test-judit-key",
                "quarkus.rest-client.digesto.read-timeout", "1500");
    }

    @Override
    public void stop() {
        // shared by every Quarkus restart of this JVM; stops with the JVM
    }
}
