package io.despacho.shared;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Metrics;

/**
 * Bounds for every number read from a webhook or a provider answer. A BigDecimal holds {@code 1e500000000} in a few
 * bytes, but turning it into a BigInteger, a long or a fixed scale builds all its digits: minutes of CPU and
 * gigabytes of heap for a 60-byte request. No provider documents a number with more than {@value #MAX_DIGITS}
 * significant digits or an exponent beyond ±{@value #MAX_EXPONENT} (ids have at most 19 digits, amounts 20 with 2
 * decimals), so anything past that is refused before it is converted.
 */
public final class Numbers {

    public static final int MAX_DIGITS = 40;
    public static final int MAX_EXPONENT = 40;
    /** Longer number texts are refused unread: parsing alone is quadratic in the length for BigDecimal. */
    private static final int MAX_TEXT_LENGTH = 100;
    private static final BigDecimal MAX_MAGNITUDE = BigDecimal.TEN.pow(MAX_EXPONENT);
    private static final BigDecimal MAX_AMOUNT = BigDecimal.TEN.pow(18);
    private static final Logger LOG = Logger.getLogger(Numbers.class);

    private Numbers() {
    }

    /** True when the value may be converted (scale, BigInteger, long) in bounded time and memory. */
    public static boolean inBounds(BigDecimal value) {
        return value.precision() <= MAX_DIGITS && Math.abs((long) value.scale()) <= MAX_EXPONENT
                && value.abs().compareTo(MAX_MAGNITUDE) < 0;
    }

    public static boolean inBounds(BigInteger value) {
        return value.bitLength() <= 133; // 10^40 < 2^133
    }

    /** The node's number (a JSON number or a numeric string, decimal comma accepted) when within bounds. */
    public static Optional<BigDecimal> decimal(JsonNode node) {
        if (node == null || node.isNull() || node.isContainerNode() || node.isBoolean()) {
            return Optional.empty();
        }
        BigDecimal value;
        if (node.isIntegralNumber()) {
            if (node.isBigInteger() && !inBounds(node.bigIntegerValue())) {
                return Optional.empty();
            }
            value = new BigDecimal(node.bigIntegerValue());
        } else if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                return Optional.empty();
            }
            value = BigDecimal.valueOf(d);
        } else if (node.isBigDecimal()) {
            value = node.decimalValue();
        } else {
            value = parse(node.asText());
            if (value == null) {
                return Optional.empty();
            }
        }
        return inBounds(value) ? Optional.of(value) : Optional.empty();
    }

    /**
     * The same for a field whose refusal should be seen: a value that is there but out of bounds is counted
     * ({@code despacho.numbers.refused{field}}) and logged without its text, then read as absent.
     */
    public static BigDecimal decimalField(JsonNode node, String field) {
        Optional<BigDecimal> value = decimal(node);
        if (value.isEmpty() && node != null && !node.isNull() && (node.isNumber() || looksNumeric(node))) {
            refused(node, field);
        }
        return value.orElse(null);
    }

    /**
     * An amount of money: as {@link #decimalField}, and below 10^18 with at most 2 decimals after rounding, which is
     * what the {@code numeric(20, 2)} columns hold; a larger one is refused (counted) rather than failing the row.
     */
    public static BigDecimal amountField(JsonNode node, String field) {
        BigDecimal value = decimalField(node, field);
        if (value != null && value.abs().compareTo(MAX_AMOUNT) >= 0) {
            refused(node, field);
            return null;
        }
        return value;
    }

    private static void refused(JsonNode node, String field) {
        Metrics.counter("despacho.numbers.refused", "field", field).increment();
        LOG.warnf("field %s refused: a number out of bounds (%d characters); the rest is kept", field,
                node.asText().length());
    }

    /** A whole number within int range, else empty (never converts an unbounded value). */
    public static Optional<Integer> integer(JsonNode node) {
        return decimal(node).filter(d -> d.signum() == 0 || d.stripTrailingZeros().scale() <= 0)
                .filter(d -> d.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                        && d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0)
                .map(BigDecimal::intValueExact);
    }

    /** A whole number within long range, else empty. */
    public static Optional<Long> whole(JsonNode node) {
        return decimal(node).filter(d -> d.signum() == 0 || d.stripTrailingZeros().scale() <= 0)
                .filter(d -> d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                        && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0)
                .map(BigDecimal::longValueExact);
    }

    /**
     * The tree with every out-of-bounds number replaced by its text, so that a provider answer carrying one can still
     * be kept raw (PostgreSQL's jsonb refuses such numbers). The tree is changed in place and returned.
     */
    public static JsonNode sanitized(JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            object.fields().forEachRemaining(field -> {
                if (outOfBounds(field.getValue())) {
                    field.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(field.getValue().asText()));
                } else {
                    sanitized(field.getValue());
                }
            });
        } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (outOfBounds(array.get(i))) {
                    array.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(array.get(i).asText()));
                } else {
                    sanitized(array.get(i));
                }
            }
        }
        return node;
    }

    private static boolean outOfBounds(JsonNode node) {
        return node.isNumber() && decimal(node).isEmpty();
    }

    private static BigDecimal parse(String text) {
        String trimmed = text.trim().replace(",", ".");
        if (trimmed.isEmpty() || trimmed.length() > MAX_TEXT_LENGTH) {
            return null;
        }
        try {
            return new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean looksNumeric(JsonNode node) {
        if (!node.isTextual()) {
            return false;
        }
        String text = node.textValue().trim();
        return !text.isEmpty() && text.chars().allMatch(c -> Character.isDigit(c) || "+-.,eE".indexOf(c) >= 0);
    }
}
