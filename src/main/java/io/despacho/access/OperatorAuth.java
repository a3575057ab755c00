package io.despacho.access;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.despacho.pipeline.WebhookToken;
import io.despacho.problem.Problem;
import io.despacho.problem.ProblemException;

/** Checks the operator's Bearer token (constant time); the operator API answers 404 while no token is configured. */
@ApplicationScoped
public class OperatorAuth {

    private final OperatorConfig config;

    public OperatorAuth(OperatorConfig config) {
        this.config = config;
    }

    public void check(String authorization) {
        String expected = config.token().filter(t -> !t.isBlank()).orElseThrow(() -> new ProblemException(
                Problem.of(Response.Status.NOT_FOUND, "The operator API is disabled (set DESPACHO_OPERATOR_TOKEN).")));
        if (authorization == null || !WebhookToken.matches(expected, List.of(), authorization)) {
            throw new ProblemException(Problem.of(Response.Status.UNAUTHORIZED,
                    "Send the operator token as Authorization: Bearer <token>."));
        }
    }
}
