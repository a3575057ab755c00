package io.despacho.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class CpfMaskingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCpfIsMaskedFormattedOrNotAndInsideFreeText() {
        assertThat(CpfMasking.masked("529.982.247-25")).isEqualTo("***.982.247-**");
        assertThat(CpfMasking.masked("52998224725")).isEqualTo("***.982.247-**");
        assertThat(CpfMasking.masked("EDILSON GOMES BRITO 03567533606")).isEqualTo("EDILSON GOMES BRITO ***.675.336-**");
        assertThat(CpfMasking.masked("Réu: FULANO, CPF 123.456.789-09; autor 529.982.247-25."))
                .isEqualTo("Réu: FULANO, CPF ***.456.789-**; autor ***.982.247-**.");
    }

    @Test
    void cnpjsCnjNumbersDatesAndInvalidCpfsStayWhole() {
        String[] whole = { "59.285.411/0003-85", "59285411000385", "0016377-46.2015.8.07.0003",
                "00163774620158070003", "52998224726" /* wrong check digit */, "11111111111", "2026-11-28T10:00:00Z",
                "1483228800000", "tel 11987654321" };
        for (String text : whole) {
            assertThat(CpfMasking.masked(text)).as(text).isSameAs(text);
        }
    }

    @Test
    void everyStringOfADocumentAndNumericDocumentFieldsAreMasked() throws Exception {
        JsonNode tree = JSON.readTree("""
                {"cnj": "0016377-46.2015.8.07.0003", "partes": [
                  {"nome": "A", "documento": "03567533606", "tipo": "CPF"},
                  {"nome": "B", "documento": "59285411000385", "tipo": "CNPJ"},
                  {"nome": "C", "cpf": 3567533606}],
                 "raw": {"lista": ["123.456.789-09", 42]}}""");
        assertThat(CpfMasking.mask(tree)).isTrue();
        assertThat(tree.at("/partes/0/documento").asText()).isEqualTo("***.675.336-**");
        assertThat(tree.at("/partes/1/documento").asText()).isEqualTo("59285411000385");
        assertThat(tree.at("/partes/2/cpf").asText()).isEqualTo("***.675.336-**");
        assertThat(tree.at("/raw/lista/0").asText()).isEqualTo("***.456.789-**");
        assertThat(tree.at("/raw/lista/1").asInt()).isEqualTo(42);
        assertThat(tree.get("cnj").asText()).isEqualTo("0016377-46.2015.8.07.0003");

        JsonNode clean = JSON.readTree("{\"cnj\": \"00163774620158070003\", \"valor\": 52998224725}");
        assertThat(CpfMasking.mask(clean)).as("a number outside a document field is not a CPF").isFalse();
    }

    @Test
    void aRawPayloadsBareNumberCpfsAreMaskedTooWithoutTheirLeadingZero() throws Exception {
        // Digesto's parte tuple: [id, id, nome, nome, cnpj, cpf (a number, leading zero lost), cpf formatted, ...]
        JsonNode raw = JSON.readTree("""
                {"partes": [[484618717, 27691915, "EDILSON", "EDILSON", null, 3567533606, "035.675.336-06", 304],
                            [484618716, 26637223, "BANCO", "BANCO", 59285411000385, null, "59.285.411/0003-85", 70]],
                 "id": 52998224725, "small": 191, "processoID": 1796010979118000}""");
        JsonNode asTheApiMasks = raw.deepCopy();
        CpfMasking.mask(asTheApiMasks);
        assertThat(asTheApiMasks.at("/partes/0/5").asLong()).as("the /api rule: numbers only in document fields")
                .isEqualTo(3567533606L);

        assertThat(CpfMasking.maskRaw(raw)).isTrue();
        assertThat(raw.at("/partes/0/5").asText()).isEqualTo("***.675.336-**");
        assertThat(raw.at("/partes/0/6").asText()).isEqualTo("***.675.336-**");
        assertThat(raw.get("id").asText()).as("11 digits, a valid CPF: masked for readers").isEqualTo("***.982.247-**");
        assertThat(raw.at("/partes/1/4").asLong()).as("a CNPJ").isEqualTo(59285411000385L);
        assertThat(raw.at("/partes/0/0").asLong()).as("a 9-digit id").isEqualTo(484618717L);
        assertThat(raw.get("small").asInt()).as("00000000191 is a valid CPF, 191 is an id").isEqualTo(191);
        assertThat(raw.get("processoID").asLong()).isEqualTo(1796010979118000L);
    }
}
