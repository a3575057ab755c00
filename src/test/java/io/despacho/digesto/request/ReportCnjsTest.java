package io.despacho.digesto.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.despacho.shared.Cnj;

class ReportCnjsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String VALID = "0016377-46.2015.8.07.0003";

    @Test
    void keepsTheFirstOfEachProcessInOrder() throws Exception {
        var parsed = ReportCnjs.parse(JSON.readTree("{\"cnjs\": [\"" + VALID + "\", \"00163774620158070003\"]}"));
        assertThat(parsed.valid()).isTrue();
        assertThat(parsed.cnjs()).extracting(Cnj::formatted).containsExactly(VALID);
    }

    @Test
    void refusesMissingEmptyOrWrongTypes() throws Exception {
        assertThat(ReportCnjs.parse(JSON.readTree("{}")).violations()).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("cnjs"));
        assertThat(ReportCnjs.parse(JSON.readTree("{\"cnjs\": []}")).valid()).isFalse();
        assertThat(ReportCnjs.parse(JSON.readTree("{\"cnjs\": \"" + VALID + "\"}")).valid()).isFalse();
        assertThat(ReportCnjs.parse(null).valid()).isFalse();
    }

    @Test
    void namesAtMostFiftyBadNumbers() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("cnjs");
        for (int i = 0; i < 500; i++) {
            list.add("0016377-47.2015.8.07.0003");
        }
        assertThat(ReportCnjs.parse(body).violations()).hasSize(ReportCnjs.MAX_VIOLATIONS)
                .first().satisfies(v -> assertThat(v.field()).isEqualTo("cnjs[0]"));
    }

    @Test
    void takesFortyThousandDistinctAndNotOneMore() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("cnjs");
        for (int i = 0; i < ReportCnjs.MAX_CNJS; i++) {
            list.add(cnj(i));
        }
        assertThat(ReportCnjs.parse(body).valid()).isTrue();
        list.add(list.get(0)); // a duplicate does not count
        assertThat(ReportCnjs.parse(body).valid()).isTrue();
        list.add(cnj(ReportCnjs.MAX_CNJS));
        assertThat(ReportCnjs.parse(body).violations()).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("40001 distinct"));
    }

    /** A valid CNJ with sequence number n: ISO 7064 mod 97-10 check digits. */
    static String cnj(int n) {
        String sequence = String.format("%07d", n);
        String rest = "2015807" + "0003";
        long base = Long.parseLong(sequence + rest);
        long check = 98 - (base % 97) * 100 % 97;
        return sequence + String.format("%02d", check) + rest;
    }
}
