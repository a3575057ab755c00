package io.despacho.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.despacho.problem.ProblemException;

class StrictJsonTest {

    @ParameterizedTest
    @ValueSource(strings = { "", "[", "{\"a\":1,\"a\":2}", "[] x", "{'a': 1}", "[1,]", "NaN", "{\"a\":}" })
    void refusesWhatIsNotOneStrictJsonDocument(String body) {
        assertThatThrownBy(() -> StrictJson.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(StrictJson.MAX_NESTING_DEPTH + 1) + "]".repeat(StrictJson.MAX_NESTING_DEPTH + 1);
        assertThatThrownBy(() -> StrictJson.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void refusesInvalidUtf8() {
        assertThatThrownBy(() -> StrictJson.parse(new byte[] { '[', '"', (byte) 0xFF, '"', ']' }))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().detail()).contains("UTF-8"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32LE", "UTF-32BE" })
    void refusesUtf16And32ThatJacksonWouldDecode(String charset) {
        // found by WebhookFuzzTest: these were accepted (202) and published
        byte[] body = "[{\"id\": 1, \"evt_type\": 2}]".getBytes(java.nio.charset.Charset.forName(charset));
        assertThatThrownBy(() -> StrictJson.parse(body)).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.problem().detail()).contains("not UTF-8"));
    }

    @Test
    void keepsDecimalsExactThroughARoundTrip() {
        String json = "{\"valor\":50794.08,\"big\":12345678901234567890123,\"tiny\":0.1000000000000000055511151231257827}";
        assertThat(StrictJson.write(StrictJson.parse(json.getBytes(StandardCharsets.UTF_8)))).isEqualTo(json);
    }
}
