package io.despacho.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.despacho.testing.Topics;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Many webhooks at once: every one is answered 202 and its events are all on the topic. (A first version resumed
 * suspended requests from the producer's thread and answered some of these with 500.)
 */
@QuarkusTest
class ConcurrentWebhooksTest {

    @TestHTTPResource("/webhooks/digesto")
    URI digesto;

    @Test
    void concurrentBatchesAreAllAcceptedAndPublished() throws Exception {
        int clients = 8;
        int requestsPerClient = 40;
        long base = System.currentTimeMillis() * 1000 + 500_000_000L;
        AtomicInteger sequence = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                for (int r = 0; r < requestsPerClient; r++) {
                    int n = sequence.getAndIncrement();
                    String body = "[{\"id\": " + (base + 2L * n) + ", \"evt_type\": 2},"
                            + "{\"id\": " + (base + 2L * n + 1) + ", \"evt_type\": 16, \"data\": {\"vr_id\": " + (n + 1)
                            + "}}]";
                    HttpRequest request = HttpRequest.newBuilder(URI.create(digesto + "?token="
                            + WebhookCalls.DIGESTO_TOKEN)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();

        assertThat(statuses.keySet()).containsOnly(202);
        long mine = Topics.readAll("despacho.inbound.digesto").stream()
                .map(r -> Long.parseLong(Topics.header(r, InboundEvent.HEADER_EVENT_ID).replaceAll("\\D", "0")))
                .filter(id -> id >= base && id < base + 2L * clients * requestsPerClient)
                .collect(Collectors.toSet()).size();
        assertThat(mine).isEqualTo(2L * clients * requestsPerClient);
    }
}
