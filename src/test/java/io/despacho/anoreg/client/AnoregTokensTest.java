package io.despacho.anoreg.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.shared.UnmappableException;
import io.despacho.testing.MovableClock;

class AnoregTokensTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tokenFromEveryDocumentedPlace() throws Exception {
        assertThat(AnoregTokens.tokenOf(JSON.readTree("{\"access_token\": \"a\"}"))).isEqualTo("a");
        assertThat(AnoregTokens.tokenOf(JSON.readTree("{\"token\": \"b\"}"))).isEqualTo("b");
        assertThat(AnoregTokens.tokenOf(JSON.readTree("{\"data\": {\"access_token\": \"c\"}}"))).isEqualTo("c");
        assertThat(AnoregTokens.tokenOf(JSON.readTree("{\"data\": {\"token\": \"d\"}}"))).isEqualTo("d");
        assertThatThrownBy(() -> AnoregTokens.tokenOf(JSON.readTree("{\"message\": \"x\"}")))
                .isInstanceOf(UnmappableException.class);
    }

    @Test
    void concurrentCallersShareOneLoginAndA401RenewsOnce() throws Exception {
        AtomicInteger logins = new AtomicInteger();
        AnoregTokens tokens = new AnoregTokens(() -> {
            int n = logins.incrementAndGet();
            sleep(100);
            return JSON.createObjectNode().put("access_token", "t" + n).put("expires_in", 14400);
        }, Duration.ofHours(4), Duration.ofMinutes(5), Clock.systemUTC());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch done = new CountDownLatch(16);
        for (int i = 0; i < 16; i++) {
            pool.submit(() -> {
                tokens.current();
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(logins).hasValue(1);

        tokens.rejected("t1");
        tokens.rejected("t1"); // a second thread reporting the same old token does not log in again
        assertThat(tokens.current()).isEqualTo("t2");
        tokens.rejected("t1");
        assertThat(tokens.current()).isEqualTo("t2");
        assertThat(logins).hasValue(2);
        pool.shutdown();
    }

    @Test
    void renewsBeforeExpiry() {
        AtomicInteger logins = new AtomicInteger();
        MovableClock clock = new MovableClock();
        AnoregTokens tokens = new AnoregTokens(() -> JSON.createObjectNode().put("token", "t" + logins
                .incrementAndGet()), Duration.ofHours(4), Duration.ofMinutes(5), clock);
        assertThat(tokens.current()).isEqualTo("t1");
        clock.now = clock.now.plus(Duration.ofHours(3).plusMinutes(54));
        assertThat(tokens.current()).isEqualTo("t1");
        clock.now = clock.now.plus(Duration.ofMinutes(2)); // 4 h lifetime (no expires_in) minus 5 min margin passed
        assertThat(tokens.current()).isEqualTo("t2");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
