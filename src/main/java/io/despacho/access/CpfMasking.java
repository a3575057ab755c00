package io.despacho.access;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.despacho.shared.Documents;

/**
 * Masks every CPF in a JSON document for readers: document fields, and CPFs inside free text (providers put them in
 * party names, "EDILSON GOMES BRITO 03567533606"). A CPF is 11 digits, formatted or not, with valid check digits and
 * no digit or separator glued to it, so CNPJs (14 digits), CNJ numbers and dates stay whole. Pure: unit-tested
 * without Quarkus.
 */
public final class CpfMasking {

    private static final Pattern CPF = Pattern.compile("(?<![\\d./-])\\d{3}\\.?\\d{3}\\.?\\d{3}-?\\d{2}(?![\\d/-]|\\.\\d)");
    private static final Pattern DOCUMENT_FIELD = Pattern.compile("(?i).*(cpf|documento|document).*");

    private CpfMasking() {
    }

    /** The text with each CPF masked; the same instance when it holds none. */
    public static String masked(String text) {
        if (text == null || text.length() < 11) {
            return text;
        }
        Matcher matcher = CPF.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (matcher.find()) {
            String digits = matcher.group().replaceAll("\\D", "");
            if (!Documents.validCpf(digits)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, matcher.start()).append(Documents.mask(digits));
            last = matcher.end();
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /** Masks in place; true when anything changed. */
    public static boolean mask(JsonNode node) {
        return mask(node, false);
    }

    /**
     * Masks a provider's raw payload in place: as {@link #mask(JsonNode)}, and also CPFs as bare numbers anywhere —
     * the providers' tuples carry them with no field name, often without the leading zero (Digesto's parte[5]).
     */
    public static boolean maskRaw(JsonNode node) {
        return mask(node, true);
    }

    private static boolean mask(JsonNode node, boolean bareNumbers) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode replacement = replacement(field.getKey(), field.getValue(), bareNumbers);
                if (replacement != null) {
                    field.setValue(replacement);
                    changed = true;
                } else {
                    changed |= mask(field.getValue(), bareNumbers);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode replacement = replacement(null, array.get(i), bareNumbers);
                if (replacement != null) {
                    array.set(i, replacement);
                    changed = true;
                } else {
                    changed |= mask(array.get(i), bareNumbers);
                }
            }
        }
        return changed;
    }

    /** A masked copy of a text node holding a CPF, or of a document field holding one as a number; else null. */
    private static JsonNode replacement(String field, JsonNode value, boolean bareNumbers) {
        if (value.isTextual()) {
            String masked = masked(value.textValue());
            return masked == value.textValue() ? null : TextNode.valueOf(masked);
        }
        boolean documentField = field != null && DOCUMENT_FIELD.matcher(field).matches();
        // a bare number is taken for a CPF only with 10 or 11 digits (at most one leading zero lost): shorter ids
        // would be masked by chance far too often
        boolean bareCpf = bareNumbers && value.canConvertToLong() && value.longValue() >= 1_000_000_000L
                && value.longValue() <= 99_999_999_999L;
        if (value.isIntegralNumber() && (documentField || bareCpf)) {
            String digits = String.format("%011d", value.bigIntegerValue());
            return Documents.validCpf(digits) ? TextNode.valueOf(Documents.mask(digits)) : null;
        }
        return null;
    }
}
