package io.despacho.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class WebhookTokenTest {

    @Test
    void queryTokenOrBearerHeader() {
        assertThat(WebhookToken.matches("s3cret", List.of("s3cret"), null)).isTrue();
        assertThat(WebhookToken.matches("s3cret", null, "Bearer s3cret")).isTrue();
        assertThat(WebhookToken.matches("s3cret", null, "bearer   s3cret ")).isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(WebhookToken.matches("s3cret", List.of("s3cre"), null)).isFalse();
        assertThat(WebhookToken.matches("s3cret", List.of("s3cret "), null)).isFalse();
        assertThat(WebhookToken.matches("s3cret", List.of("S3CRET"), null)).isFalse();
        assertThat(WebhookToken.matches("s3cret", List.of("s3cret", "s3cret"), null)).isFalse();
        assertThat(WebhookToken.matches("s3cret", List.of(), null)).isFalse();
        assertThat(WebhookToken.matches("s3cret", null, null)).isFalse();
        assertThat(WebhookToken.matches("s3cret", null, "Basic s3cret")).isFalse();
        assertThat(WebhookToken.matches("s3cret", List.of("s3cret"), "Bearer nope")).isFalse();
        // found by WebhookFuzzTest: a wrong query token beside a right header was accepted
        assertThat(WebhookToken.matches("s3cret", List.of("nope"), "Bearer s3cret")).isFalse();
        assertThat(WebhookToken.matches("s3cret", List.of("s3cret"), "Bearer s3cret"))
                .as("two credentials, even equal ones, are refused like two query tokens").isFalse();
        assertThat(WebhookToken.matches("", List.of(""), null)).as("an empty secret opens nothing").isFalse();
        assertThat(WebhookToken.matches(null, List.of("x"), null)).isFalse();
    }
}
