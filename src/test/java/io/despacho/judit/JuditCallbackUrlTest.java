package io.despacho.judit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class JuditCallbackUrlTest {

    @Test
    void theSecretComesFromTheWebhookTokenNotTheUrl() {
        assertThat(JuditConfig.withToken(URI.create("https://d.example.com/webhooks/judit"), Optional.of("s3cr&t")))
                .isEqualTo("https://d.example.com/webhooks/judit?token=s3cr%26t");
        assertThat(JuditConfig.withToken(URI.create("https://d.example.com/webhooks/judit?tenant=a"),
                Optional.of("x"))).isEqualTo("https://d.example.com/webhooks/judit?tenant=a&token=x");
        assertThat(JuditConfig.withToken(URI.create("https://d.example.com/webhooks/judit?token=old"),
                Optional.of("x"))).as("a URL that names its token keeps it").endsWith("?token=old");
        assertThat(JuditConfig.withToken(URI.create("https://d.example.com/webhooks/judit"), Optional.empty()))
                .isEqualTo("https://d.example.com/webhooks/judit");
    }
}
