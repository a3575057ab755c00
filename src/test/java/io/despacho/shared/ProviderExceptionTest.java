package io.despacho.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProviderExceptionTest {

    @Test
    void retryAfterIsCappedAtTheConfiguredMaximum() {
        // despacho.provider.max-retry-after: 5 minutes unless configured (it is not, here)
        assertThat(ProviderException.parseRetryAfter("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(ProviderException.parseRetryAfter("86400")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProviderException.parseRetryAfter("9".repeat(40))).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProviderException.parseRetryAfter("Fri, 31 Dec 2100 23:59:59 GMT")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProviderException.parseRetryAfter("soon")).isNull();
        assertThat(ProviderException.parseRetryAfter(null)).isNull();
    }
}
