package io.despacho.pipeline;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

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
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ValueNode;

import io.despacho.problem.Problem;
import io.despacho.problem.ProblemException;
import io.despacho.shared.Numbers;

/**
 * Parses webhook bodies strictly: duplicate keys, trailing garbage, bad UTF-8 and absurd nesting are refused with a
 * 400 that says where, instead of being half-accepted. Decimals are kept exact (BigDecimal) so that re-serialising an
 * event does not alter the amounts in it. A number beyond {@link Numbers}' bounds refuses the body (400) in
 * microseconds: converting it anywhere downstream would cost minutes, and PostgreSQL's jsonb cannot even hold it.
 */
public final class StrictJson {

    static final int MAX_NESTING_DEPTH = 200;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(new BoundedNodeFactory())
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
        } catch (NumberOutOfBounds e) {
            throw invalid(e.getMessage());
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof NumberOutOfBounds bounds) {
                throw invalid(bounds.getMessage());
            }
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

    /** Refuses, while the tree is built, the numbers no provider sends ({@code 1e500000000}): see {@link Numbers}. */
    private static final class BoundedNodeFactory extends JsonNodeFactory {
        private static final long serialVersionUID = 1L;

        BoundedNodeFactory() {
            super(true); // exact decimals, as USE_BIG_DECIMAL_FOR_FLOATS reads them
        }

        @Override
        public ValueNode numberNode(BigDecimal value) {
            if (value != null && !Numbers.inBounds(value)) {
                throw new NumberOutOfBounds();
            }
            return super.numberNode(value);
        }

        @Override
        public ValueNode numberNode(BigInteger value) {
            if (value != null && !Numbers.inBounds(value)) {
                throw new NumberOutOfBounds();
            }
            return super.numberNode(value);
        }
    }

    private static final class NumberOutOfBounds extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NumberOutOfBounds() {
            super("A number is out of range: at most " + Numbers.MAX_DIGITS + " significant digits and a magnitude"
                    + " below 1e" + Numbers.MAX_EXPONENT + " are accepted.", null, false, false);
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
