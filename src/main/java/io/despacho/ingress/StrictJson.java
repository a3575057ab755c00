package io.despacho.ingress;

import java.io.IOException;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.despacho.problem.Problem;
import io.despacho.problem.ProblemException;

/**
 * Parses webhook bodies strictly: duplicate keys, trailing garbage, bad UTF-8 and absurd nesting are refused with a
 * 400 that says where, instead of being half-accepted. Decimals are kept exact (BigDecimal) so that re-serialising an
 * event does not alter the amounts in it.
 */
public final class StrictJson {

    static final int MAX_NESTING_DEPTH = 200;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
    }

    private StrictJson() {
    }

    public static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw invalid("The body is empty; send a JSON document.");
        }
        if (looksLikeUtf16Or32(body)) {
            throw invalid("The body is not UTF-8 encoded JSON (it looks like UTF-16 or UTF-32).");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at != null ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "";
            throw invalid("Malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            // CharConversionException and friends: the bytes are not UTF-8 JSON
            throw invalid("The body is not UTF-8 encoded JSON.");
        }
    }

    /**
     * Jackson would detect UTF-16/32 by a byte-order mark or by NUL bytes among the first four, and decode it; the
     * contract (RFC 8259 §8.1) is UTF-8, where neither can start a JSON text. Found by WebhookFuzzTest.
     */
    static boolean looksLikeUtf16Or32(byte[] body) {
        if (body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
                || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
            return true;
        }
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return false;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed tree is always writable", e);
        }
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, detail));
    }

    /** Jackson messages may quote input; keep them to one short line. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
