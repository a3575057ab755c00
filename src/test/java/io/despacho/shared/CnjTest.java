package io.despacho.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CnjTest {

    @ParameterizedTest
    @ValueSource(strings = { "0016377-46.2015.8.07.0003", "00163774620158070003", " 0005326-62.2018.8.12.0110 ",
            "1003645-17.2016.8.26.0079", "0113708-39.2011.8.26.0100" })
    void validNumbersParseFormattedOrDigits(String text) {
        Cnj cnj = Cnj.parse(text).orElseThrow();
        assertThat(cnj.digits()).hasSize(20).containsOnlyDigits();
        assertThat(Cnj.parse(cnj.formatted())).contains(cnj);
    }

    @ParameterizedTest
    @ValueSource(strings = { "0016377-47.2015.8.07.0003", "1105326-62.2018.8.12.0110", "00163774620158070004",
            "0016377-46.2015.8.07.003", "0016377462015807000", "001637746201580700031", "abc", "",
            "0016377-46-2015-8-07-0003", "００16377-46.2015.8.07.0003" })
    void wrongCheckDigitsOrShapesAreRefused(String text) {
        assertThat(Cnj.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "0016377-47.2015.8.07.0003", "00163774620158070004" })
    void shapeIsRecognisedWhateverTheCheckDigits(String text) {
        assertThat(Cnj.looksLikeCnj(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "583.00.2011.113708", "20150310165209", "0016377.46-2015.8.07.0003",
            "0016377-4X.2015.8.07.0003", "0016377-46.2015.8.07:0003", "0016377-46.2015.807.0003." })
    void olderNumbersDoNotLookLikeCnj(String text) {
        assertThat(Cnj.looksLikeCnj(text)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void formatsWithThePunctuation() {
        assertThat(Cnj.parse("00163774620158070003").orElseThrow().formatted()).isEqualTo("0016377-46.2015.8.07.0003");
        assertThatThrownBy(() -> new Cnj("00163774620158070004")).isInstanceOf(IllegalArgumentException.class);
    }
}
