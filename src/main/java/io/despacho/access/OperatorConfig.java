package io.despacho.access;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The operator API (DLQ, replay, renormalize) is off unless DESPACHO_OPERATOR_TOKEN is set. */
@ConfigMapping(prefix = "despacho.operator")
public interface OperatorConfig {

    /** Bearer token operators send (DESPACHO_OPERATOR_TOKEN); distinct from the providers' webhook tokens. */
    Optional<String> token();
}
