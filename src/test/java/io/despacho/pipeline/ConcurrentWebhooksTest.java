package io.despacho.pipeline;

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
 * Many webhooks at once: every one is answered 202 and its events are all on the topic. Guards against a first
 * version that resumed suspended requests from the producer's thread and answered a few requests per thousand with
 * 500 under load (seen by bench/ingress.sh; this test makes that failure likely, not certain).
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
        java.util.Set<String> expected = java.util.stream.LongStream.range(base, base + 2L * clients * requestsPerClient)
                .mapToObj(Long::toString).collect(Collectors.toSet());
        long mine = Topics.readAll("despacho.inbound.digesto").stream()
                .map(r -> Topics.header(r, InboundEvent.HEADER_EVENT_ID)).filter(expected::contains)
                .distinct().count();
        assertThat(mine).isEqualTo(expected.size());
    }
}
