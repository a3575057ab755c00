package io.despacho.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ProductionGuardsTest {

    @Test
    void devTokensAndShortOnesAreNamedUnsetOptionalOnesAreFine() {
        Map<String, Optional<String>> secrets = new LinkedHashMap<>();
        secrets.put("DIGESTO_WEBHOOK_TOKEN", Optional.of("dev-digesto-token"));
        secrets.put("ANOREG_WEBHOOK_TOKEN", Optional.of("x".repeat(23)));
        secrets.put("JUDIT_WEBHOOK_TOKEN", Optional.empty());
        secrets.put("DESPACHO_OPERATOR_TOKEN", Optional.of("y".repeat(24)));
        assertThat(ProductionGuards.problems(secrets)).containsExactly(
                "DIGESTO_WEBHOOK_TOKEN is a token of the embedded default, published in the README",
                "ANOREG_WEBHOOK_TOKEN is shorter than 24 characters");
    }
}
