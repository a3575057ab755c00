package io.despacho.anoreg.ingress;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.despacho.pipeline.InboundEvent;
import io.despacho.pipeline.Provider;
import io.despacho.problem.Problem;
import io.despacho.problem.Problem.Violation;
import io.despacho.problem.ProblemException;
import io.despacho.shared.Hashing;
import io.despacho.shared.Json;

/**
 * Reads an Anoreg/MT pedido notification. Its body is not documented, so any JSON object is accepted and the pedido
 * id is taken from the first of {@link #ID_PATHS} that is present (a number or a numeric string). The whole body is
 * kept as the raw event; its SHA-256 is the event id, so the same notification delivered twice has one id.
 */
public final class AnoregPedidoEvents {

    static final List<String> ID_PATHS = List.of("pedido_id", "id_pedido", "pedido.id", "data.pedido_id", "data.id",
            "id");
    static final String EVENT_TYPE = "pedido";

    private AnoregPedidoEvents() {
    }

    public static List<InboundEvent> extract(JsonNode body, byte[] raw, Instant receivedAt) {
        if (!body.isObject()) {
            throw invalid(new Violation(null, "", "the body must be a JSON object"));
        }
        String pedidoId = pedidoId(body);
        return List.of(new InboundEvent(Provider.ANOREG, Hashing.sha256Hex(raw), EVENT_TYPE, pedidoId,
                new String(raw, StandardCharsets.UTF_8), receivedAt));
    }

    static String pedidoId(JsonNode body) {
        for (String path : ID_PATHS) {
            JsonNode node = at(body, path);
            if (node != null && !node.isNull()) {
                Optional<String> id = Json.positiveInteger(node);
                if (id.isEmpty()) {
                    throw invalid(new Violation(null, path, "the pedido id must be a positive whole number "
                            + "(a JSON number or a string of digits)"));
                }
                return id.get();
            }
        }
        throw invalid(new Violation(null, String.join(" | ", ID_PATHS),
                "no pedido id: send it in one of " + String.join(", ", ID_PATHS)));
    }

    private static JsonNode at(JsonNode body, String dottedPath) {
        JsonNode node = body;
        for (String part : dottedPath.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    private static ProblemException invalid(Violation violation) {
        return new ProblemException(Problem.of(400, "Invalid Anoreg pedido webhook", violation.message(),
                List.of(violation)));
    }
}
