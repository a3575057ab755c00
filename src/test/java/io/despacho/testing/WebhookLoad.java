package io.despacho.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ArrayNode;

import io.despacho.shared.Cnj;

/**
 * Digesto evt 13 webhooks at a fixed rate (open loop: a request is sent at its scheduled time whether or not the
 * earlier ones were answered, so a stall shows up as latency instead of being hidden), each a batch of processes
 * with fresh CNJs. Remembers which events were acknowledged (2xx) and, per request, the latency from its
 * scheduled time.
 */
public final class WebhookLoad {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
    private final URI uri;
    private final int eventsPerRequest;
    private final AtomicLong nextEventId;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** event id → record key (CNJ digits) of every event sent. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    private final Map<String, Long> acknowledgedAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> ackLatenciesMicros = new ConcurrentLinkedQueue<>();
    private long startNanos;
    private long sent;

    private WebhookLoad(URI uri, int eventsPerRequest, long firstEventId) {
        this.uri = uri;
        this.eventsPerRequest = eventsPerRequest;
        this.nextEventId = new AtomicLong(firstEventId);
    }

    /** Starts sending {@code requestsPerSecond} requests of {@code eventsPerRequest} events each. */
    public static WebhookLoad start(URI uri, int requestsPerSecond, int eventsPerRequest, long firstEventId) {
        WebhookLoad load = new WebhookLoad(uri, eventsPerRequest, firstEventId);
        load.startNanos = System.nanoTime();
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / requestsPerSecond;
        load.clock.scheduleAtFixedRate(() -> load.send(load.startNanos + load.sent++ * periodNanos), 0, periodNanos,
                TimeUnit.NANOSECONDS);
        return load;
    }

    private void send(long scheduledNanos) {
        ArrayNode batch = DigestoStubs.JSON.createArrayNode();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < eventsPerRequest; i++) {
            long id = nextEventId.incrementAndGet();
            Cnj cnj = TestCnj.next();
            keys.put(Long.toString(id), cnj.digits());
            ids.add(Long.toString(id));
            batch.add(DigestoStubs.JSON.createObjectNode().put("id", id).put("evt_type", 13)
                    .set("data", DigestoStubs.process(cnj, "2016-05-03T18:25:01")));
        }
        inFlight.incrementAndGet();
        http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build(),
                HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    long now = System.nanoTime();
                    String outcome = failure != null ? failure.getClass().getSimpleName()
                            : Integer.toString(response.statusCode());
                    outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
                    if (response != null && response.statusCode() / 100 == 2) {
                        ids.forEach(id -> acknowledgedAt.put(id, now));
                        ackLatenciesMicros.add((now - scheduledNanos) / 1000);
                    }
                    inFlight.decrementAndGet();
                });
    }

    /** Stops sending and waits for every request in flight to be answered (or to time out). */
    public WebhookLoad stop() throws InterruptedException {
        clock.shutdown();
        clock.awaitTermination(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return this;
    }

    public Set<String> acknowledged() {
        return acknowledgedAt.keySet();
    }

    /** Nano time at which an event's request was acknowledged. */
    public long acknowledgedAt(String eventId) {
        return acknowledgedAt.get(eventId);
    }

    public String key(String eventId) {
        return keys.get(eventId);
    }

    public int eventsSent() {
        return keys.size();
    }

    /** Requests per outcome: HTTP status, or the client exception's name. */
    public Map<String, Integer> outcomes() {
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach((outcome, n) -> counts.put(outcome, n.get()));
        return counts;
    }

    public List<Long> ackLatenciesMicros() {
        return List.copyOf(ackLatenciesMicros);
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
