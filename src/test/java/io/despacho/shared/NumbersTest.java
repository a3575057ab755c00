package io.despacho.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

class NumbersTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void hostileNumbersAreRefusedWithoutBeingExpanded() {
        // each of these, converted without bounds, costs minutes and gigabytes
        for (String poison : new String[] { "1e500000000", "-1e500000000", "1e-500000000", "9".repeat(41) }) {
            DecimalNode node = DecimalNode.valueOf(new BigDecimal(poison));
            assertThat(Numbers.decimal(node)).as(poison).isEmpty();
            assertThat(Numbers.whole(node)).as(poison).isEmpty();
            assertThat(Numbers.integer(NODES.textNode(poison))).as(poison).isEmpty();
            assertThat(Json.positiveInteger(node)).as(poison).isEmpty();
        }
        assertThat(Numbers.decimal(NODES.numberNode(Double.POSITIVE_INFINITY))).isEmpty();
        assertThat(Numbers.decimal(NODES.textNode("1".repeat(101)))).isEmpty();
    }

    @Test
    void ordinaryNumbersAreRead() throws Exception {
        assertThat(Numbers.decimal(JSON.readTree("50794.08"))).contains(new BigDecimal("50794.08"));
        assertThat(Numbers.decimal(NODES.textNode("50794,08"))).contains(new BigDecimal("50794.08"));
        assertThat(Numbers.whole(JSON.readTree("1671043867000"))).contains(1671043867000L);
        assertThat(Numbers.integer(JSON.readTree("2.0"))).contains(2);
        assertThat(Numbers.integer(JSON.readTree("2.5"))).isEmpty();
        assertThat(Json.positiveInteger(JSON.readTree("123.0"))).contains("123");
        assertThat(Json.positiveInteger(NODES.textNode("00042"))).contains("42");
    }

    @Test
    void sanitizedKeepsAnOutOfBoundsNumberAsText() {
        var tree = NODES.objectNode();
        tree.set("valor", DecimalNode.valueOf(new BigDecimal("1e500000000")));
        tree.putArray("list").add(DecimalNode.valueOf(new BigDecimal("1e500000000"))).add(3);
        JsonNode clean = Numbers.sanitized(tree);
        assertThat(clean.get("valor").isTextual()).isTrue();
        assertThat(clean.get("valor").asText()).isEqualTo("1E+500000000");
        assertThat(clean.get("list").get(0).isTextual()).isTrue();
        assertThat(clean.get("list").get(1).intValue()).isEqualTo(3);
    }

    @Test
    void processNumbers() {
        assertThat(ProcessNumber.parse("00163774620158070003").numero()).isEqualTo("0016377-46.2015.8.07.0003");
        assertThat(ProcessNumber.parse("583.00.2011.113708").cnj()).isEmpty();
        assertThat(ProcessNumber.key(null, "TJSP", "583.00.2011.113708")).isEqualTo("TJSP:583.00.2011.113708");
        for (String bad : new String[] { "0016377-47.2015.8.07.0003", "abc", "1".repeat(101), "12\u00003" }) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProcessNumber.parse(bad))
                    .isInstanceOf(UnmappableException.class);
        }
    }
}
