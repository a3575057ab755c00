package io.despacho.anoreg.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.shared.SharedTokens;
import io.despacho.shared.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** Two instances (two AnoregTokens over the real PostgreSQL) log in once between them, and once more after a 401. */
@QuarkusTest
class SharedAnoregTokenTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;

    @Test
    void twoInstancesShareOneLoginKeptEncrypted() throws Exception {
        String account = "test-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicInteger logins = new AtomicInteger();
        List<AnoregTokens> instances = List.of(instance(account, logins), instance(account, logins));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            AnoregTokens tokensOfInstance = instances.get(i % 2);
            tokens.add(threads.submit(tokensOfInstance::current));
        }
        for (Future<String> token : tokens) {
            assertThat(token.get()).isEqualTo("secret-token-1");
        }
        assertThat(logins).as("logins, both instances together").hasValue(1);

        byte[] stored = Sql.list(dataSource, "select token from provider_token where provider = ?",
                row -> row.getBytes(1), account).get(0);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).as("encrypted at rest")
                .doesNotContain("secret-token-1");

        // the API refuses the token on instance 0: one more login, which instance 1 then uses too
        instances.get(0).rejected("secret-token-1");
        assertThat(instances.get(0).current()).isEqualTo("secret-token-2");
        instances.get(1).rejected("secret-token-1"); // its own call with the old token came back 401 as well
        assertThat(instances.get(1).current()).isEqualTo("secret-token-2");
        assertThat(logins).hasValue(2);

        // an instance with another secret cannot read the token: it logs in instead of failing
        AnoregTokens rotated = new AnoregTokens(() -> JSON.createObjectNode().put("access_token", "secret-token-"
                + logins.incrementAndGet()).put("expires_in", 14400), Duration.ofHours(4), Duration.ofMinutes(5),
                Clock.systemUTC(), new SharedTokens(dataSource, account, "a rotated secret"));
        assertThat(rotated.current()).isEqualTo("secret-token-3");
        threads.shutdown();
    }

    private AnoregTokens instance(String account, AtomicInteger logins) {
        return new AnoregTokens(() -> {
            int n = logins.incrementAndGet();
            sleep();
            return JSON.createObjectNode().put("access_token", "secret-token-" + n).put("expires_in", 14400);
        }, Duration.ofHours(4), Duration.ofMinutes(5), Clock.systemUTC(),
                new SharedTokens(dataSource, account, "the account's api secret"));
    }

    private static void sleep() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
