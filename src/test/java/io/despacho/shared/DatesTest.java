package io.despacho.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

class DatesTest {

    static Optional<LocalDateTime> read(String text) {
        return Dates.dateTime(JsonNodeFactory.instance.textNode(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // the shapes read digit by digit
            "2016-05-03|2016-05-03T00:00",
            "2016-05-03T18:25:01|2016-05-03T18:25:01",
            "2016-05-03 18:25:01|2016-05-03T18:25:01",
            "'  2016-05-03 18:25:01  '|2016-05-03T18:25:01",
            "2016-05-03T18:25:01.123|2016-05-03T18:25:01",
            "0000-01-01|0000-01-01T00:00",
            // the others, through the general parse
            "2016-05-03T18:25|2016-05-03T18:25",
            "2016-05-03T18:25:01Z|2016-05-03T18:25:01",
            "2016-05-03T18:25:01.5Z|2016-05-03T18:25:01.500",
            "2016-05-03T18:25:01-03:00|2016-05-03T21:25:01",
            "2016-05-03T18:25:01.123-03:00|2016-05-03T21:25:01.123",
            "'Wed, 14 Dec 2022 18:51:07 GMT'|2022-12-14T18:51:07" })
    void readsWhatProvidersSend(String text, String expected) {
        assertThat(read(text)).contains(LocalDateTime.parse(expected));
    }

    @ParameterizedTest
    @CsvSource({ "2016-02-30", "2016-13-01", "2016-05-03T24:00:00", "2016-05-03T18:60:00", "2016-05-03T18:25:61",
            "2016-5-03", "2016-05-03T", "20160503", "a016-05-03",
            "2016-05-03X18:25:01", "yesterday" })
    void anImpossibleOrUnknownDateIsNone(String text) {
        assertThat(read(text)).isEmpty();
    }

    @Test
    void epochMillisAndMongoDates() {
        assertThat(Dates.dateTime(JsonNodeFactory.instance.numberNode(1_700_000_000_000L)))
                .contains(LocalDateTime.parse("2023-11-14T22:13:20"));
        assertThat(Dates.dateTimeText(JsonNodeFactory.instance.objectNode().put("$date", 1_700_000_000_000L)))
                .isEqualTo("2023-11-14T22:13:20");
        assertThat(Dates.date(JsonNodeFactory.instance.textNode("2016-05-03 18:25:01"))).isEqualTo("2016-05-03");
    }
}
