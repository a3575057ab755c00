package io.despacho.judit.ingress;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.pipeline.InboundEvent;
import io.despacho.pipeline.Provider;
import io.despacho.problem.Problem;
import io.despacho.problem.Problem.Violation;
import io.despacho.problem.ProblemException;
import io.despacho.shared.Hashing;

/**
 * A Judit callback: {@code {"event_type": "response_created" | "request_completed", "reference_type": "request",
 * "reference_id": "<request_id>", "payload": {...}}}. One event per body, keyed by the request id (its events in
 * order); its id is Judit's callback_id when present, else the SHA-256 of the body.
 */
public final class JuditCallbackEvents {

    private static final int MAX_ID_LENGTH = 128;

    private JuditCallbackEvents() {
    }

    public static List<InboundEvent> extract(JsonNode body, byte[] raw, Instant receivedAt) {
        if (!body.isObject()) {
            throw invalid(new Violation(null, "", "the body must be a JSON object"));
        }
        String type = identifier(body, "event_type");
        String requestId = identifier(body, "reference_id");
        JsonNode callbackId = body.get("callback_id");
        String eventId = callbackId != null && callbackId.isTextual() && isIdentifier(callbackId.textValue())
                ? "callback-" + callbackId.textValue() : Hashing.sha256Hex(raw);
        return List.of(new InboundEvent(Provider.JUDIT, eventId, type, requestId,
                new String(raw, StandardCharsets.UTF_8), receivedAt));
    }

    private static String identifier(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || !isIdentifier(value.textValue())) {
            throw invalid(new Violation(null, field, "must be a non-empty string of at most " + MAX_ID_LENGTH
                    + " letters, digits, '-', '_' or '.'"));
        }
        return value.textValue();
    }

    private static boolean isIdentifier(String text) {
        return !text.isEmpty() && text.length() <= MAX_ID_LENGTH && text.matches("[A-Za-z0-9._-]+");
    }

    private static ProblemException invalid(Violation violation) {
        return new ProblemException(Problem.of(400, "Invalid Judit callback", violation.message(),
                List.of(violation)));
    }
}
