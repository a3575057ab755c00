package io.despacho.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.common.FileSource;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseTransformer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;

/**
 * Makes WireMock enforce Anoreg's documented limit like the real API would: at most 30 requests in any 60 s (sliding)
 * across every stub that names this transformer; over it, 429 with Retry-After. Sends x-ratelimit-* headers. A stub
 * may shorten the window (transformer parameter {@code windowMillis}) so that a test sees several windows quickly.
 */
public class RateLimitedAnoreg extends ResponseTransformer {

    public static final int LIMIT = 30;
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final Deque<Instant> ACCEPTED = new ArrayDeque<>();
    public static final AtomicInteger REJECTED = new AtomicInteger();

    @Override
    public Response transform(Request request, Response response, FileSource files, Parameters parameters) {
        Instant now = Instant.now();
        Duration window = parameters != null && parameters.containsKey("windowMillis")
                ? Duration.ofMillis(parameters.getInt("windowMillis")) : WINDOW;
        synchronized (ACCEPTED) {
            while (!ACCEPTED.isEmpty() && !ACCEPTED.peekFirst().isAfter(now.minus(window))) {
                ACCEPTED.removeFirst();
            }
            if (ACCEPTED.size() >= LIMIT) {
                REJECTED.incrementAndGet();
                long retryAfter = Duration.between(now, ACCEPTED.peekFirst().plus(window)).toSeconds() + 1;
                return Response.Builder.like(response).but().status(429).body("{\"message\": \"Too Many Attempts.\"}")
                        .headers(new HttpHeaders(new HttpHeader("Retry-After", Long.toString(retryAfter)),
                                new HttpHeader("x-ratelimit-limit", Integer.toString(LIMIT)),
                                new HttpHeader("x-ratelimit-remaining", "0")))
                        .build();
            }
            ACCEPTED.addLast(now);
            HttpHeaders headers = response.getHeaders()
                    .plus(new HttpHeader("x-ratelimit-limit", Integer.toString(LIMIT)))
                    .plus(new HttpHeader("x-ratelimit-remaining", Integer.toString(LIMIT - ACCEPTED.size())));
            return Response.Builder.like(response).but().headers(headers).build();
        }
    }

    @Override
    public String getName() {
        return "anoreg-rate-limit";
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }
}
