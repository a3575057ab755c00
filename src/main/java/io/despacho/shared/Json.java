package io.despacho.shared;

import java.math.BigDecimal;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/** Small readers for provider JSON, whose ids come as numbers or numeric strings depending on the day. */
public final class Json {

    private static final int MAX_ID_DIGITS = 19;

    private Json() {
    }

    /** A positive whole number given as a JSON number or a string of digits, as its decimal text. */
    public static Optional<String> positiveInteger(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String text;
        if (node.isNumber()) {
            // bounded: 1e500000000 is refused here, not expanded into its digits
            Optional<Long> whole = Numbers.whole(node);
            if (whole.isEmpty()) {
                return Optional.empty();
            }
            text = whole.get().toString(); // 123.0 too
        } else if (node.isTextual()) {
            text = node.textValue().trim();
        } else {
            return Optional.empty();
        }
        if (text.isEmpty() || text.length() > MAX_ID_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        String canonical = text.replaceFirst("^0+(?=.)", "");
        return canonical.equals("0") ? Optional.empty() : Optional.of(canonical);
    }

    /**
     * A provider's id or code (a process id, a movement id, a tribunal's acronym) as text, when it is short enough to be
     * one ({@code max} characters, no control characters); else null — a 900-digit "id" is no id, and would not fit
     * the column that keys it.
     */
    public static String code(JsonNode node, int max) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        String stripped = text.strip();
        return stripped.isEmpty() || stripped.length() > max || stripped.codePoints().anyMatch(Character::isISOControl)
                ? null : stripped;
    }

    /** {@link #code} for ids: at most 64 characters. */
    public static String id(JsonNode node) {
        return code(node, 64);
    }

    /** The scalar as text; null for null, absent, arrays and objects. */
    public static String text(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
    }

    /**
     * An amount: a JSON number, or a string holding one (a decimal comma is accepted), within {@link Numbers}' bounds
     * and below 10^18; null otherwise. A refused value is counted and logged under {@code field}.
     */
    public static BigDecimal amount(JsonNode node, String field) {
        return Numbers.amountField(node, field);
    }
}
