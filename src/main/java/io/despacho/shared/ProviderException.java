package io.despacho.shared;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A provider API call that failed. {@link #isTransient()}: worth retrying (5xx, 429, timeouts, unreadable bodies);
 * otherwise permanent (other 4xx): retrying cannot help and the event goes to the DLQ at once.
 */
public class ProviderException extends RuntimeException {

    private static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final int status;
    private final boolean transientFailure;
    private final transient Duration retryAfter;

    public ProviderException(String message, int status, boolean transientFailure, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.transientFailure = transientFailure;
        this.retryAfter = retryAfter;
    }

    public static ProviderException ofStatus(String provider, String call, int status, Duration retryAfter) {
        boolean isTransient = status >= 500 || status == 429 || status == 408;
        return new ProviderException(provider + " " + call + " answered HTTP " + status, status, isTransient, retryAfter,
                null);
    }

    public int status() {
        return status;
    }

    public boolean isTransient() {
        return transientFailure;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Retried by SmallRye Fault Tolerance. */
    public static class Transient extends ProviderException {
        public Transient(ProviderException e) {
            super(e.getMessage(), e.status(), true, e.retryAfter, e.getCause());
        }
    }

    /** Never retried. */
    public static class Permanent extends ProviderException {
        public Permanent(ProviderException e) {
            super(e.getMessage(), e.status(), false, null, e.getCause());
        }
    }

    /** The form a client throws (what the retry policy sorts on); a transient one counts as a failed call. */
    public ProviderException classified() {
        if (transientFailure) {
            FailedCalls.record(this);
        }
        return transientFailure ? new Transient(this) : new Permanent(this);
    }

    /**
     * Retry-After as seconds or an HTTP date, at most {@code despacho.provider.max-retry-after} (5 minutes unless
     * configured): a provider's "come back in a year" must not park a lane or a budget for a year. Absent or
     * unreadable → null.
     */
    public static Duration parseRetryAfter(String header) {
        Duration wait = readRetryAfter(header);
        Duration max = maxRetryAfter();
        return wait == null || wait.compareTo(max) <= 0 ? wait : max;
    }

    static Duration maxRetryAfter() {
        return ConfigProvider.getConfig().getOptionalValue("despacho.provider.max-retry-after", Duration.class)
                .orElse(DEFAULT_MAX_RETRY_AFTER);
    }

    private static Duration readRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String seconds = header.trim();
        if (seconds.chars().allMatch(Character::isDigit)) {
            // digits only: a count of seconds however long (a 30-digit count is simply "very long")
            return seconds.length() > 12 ? Duration.ofSeconds(999_999_999_999L) : Duration.ofSeconds(Long.parseLong(seconds));
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(seconds)));
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(header.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(java.time.Instant.now(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }
}
