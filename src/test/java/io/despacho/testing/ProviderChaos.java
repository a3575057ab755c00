package io.despacho.testing;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A provider having a bad day, for the stubs that name the "chaos" transformer: with probability {@code rate} (a
 * transformer parameter) an answer is replaced by a 500, a 503, a 429 with Retry-After, an answer slower than the
 * client's read timeout, a connection reset, an empty response or a malformed body. Otherwise the stubbed answer,
 * sometimes slow but within the timeout. Seeded, so a run can be repeated; counts what it injected.
 */
public class ProviderChaos implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "chaos";
    /** Beyond the %test read timeout of the Digesto client (1500 ms). */
    static final int TOO_SLOW_MS = 2500;
    static final int SLOW_MS = 400;

    private static final String[] FAULTS = { "500", "503", "429", "too_slow", "reset", "empty", "malformed" };
    private static final Random RANDOM = new Random(20261129);
    private static final Map<String, AtomicInteger> INJECTED = new TreeMap<>();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Object configured = serveEvent.getTransformerParameters().get("rate");
        double rate = configured instanceof Number n ? n.doubleValue() : 0.3;
        String fault;
        boolean slow;
        synchronized (RANDOM) {
            fault = RANDOM.nextDouble() < rate ? FAULTS[RANDOM.nextInt(FAULTS.length)] : null;
            slow = RANDOM.nextInt(5) == 0;
            INJECTED.computeIfAbsent(fault == null ? (slow ? "ok_slow" : "ok") : fault, f -> new AtomicInteger())
                    .incrementAndGet();
        }
        ResponseDefinition stubbed = serveEvent.getResponseDefinition();
        ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.like(stubbed).but();
        if (fault == null) {
            return slow ? answer.withFixedDelay(SLOW_MS).build() : stubbed;
        }
        return switch (fault) {
            case "500", "503" -> answer.withStatus(Integer.parseInt(fault)).withBody("{\"error\": \"" + fault + "\"}")
                    .build();
            case "429" -> answer.withStatus(429).withHeader("Retry-After", "1").withBody("{}").build();
            case "too_slow" -> answer.withFixedDelay(TOO_SLOW_MS).build();
            case "reset" -> answer.withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            case "empty" -> answer.withFault(Fault.EMPTY_RESPONSE).build();
            default -> answer.withStatus(200).withBody("{\"data\": {\"hits\": ").build();
        };
    }

    /** What was injected so far, by kind ("ok", "ok_slow" and the faults). */
    public static Map<String, Integer> injected() {
        synchronized (RANDOM) {
            Map<String, Integer> copy = new TreeMap<>();
            INJECTED.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }
}
