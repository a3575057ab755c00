package io.despacho.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The overview's pure parts, without Quarkus: the chart, the histogram quantile, ages. */
class RateChartTest {

    static final Instant NOW = Instant.parse("2026-11-30T10:30:20Z");

    @Test
    void eachMinuteIsABarStackedByOutcomeScaledToTheBusiestMinute() {
        List<ConsoleQueries.Minute> minutes = List.of(
                new ConsoleQueries.Minute("digesto", Instant.parse("2026-11-30T10:30:00Z"), "PROCESSED", 30),
                new ConsoleQueries.Minute("digesto", Instant.parse("2026-11-30T10:30:00Z"), "DEAD_LETTERED", 10),
                new ConsoleQueries.Minute("digesto", Instant.parse("2026-11-30T10:00:00Z"), "PROCESSED", 20),
                new ConsoleQueries.Minute("anoreg", Instant.parse("2026-11-30T10:30:00Z"), "PROCESSED", 99),
                // older than the hour shown, and a status the chart does not know: left out
                new ConsoleQueries.Minute("digesto", Instant.parse("2026-11-30T09:00:00Z"), "PROCESSED", 500),
                new ConsoleQueries.Minute("digesto", Instant.parse("2026-11-30T10:29:00Z"), "ELSE", 500));

        String svg = RateChart.svg("digesto", minutes, NOW);

        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("data-max=\"40\"");
        // the last minute: 30 processed at the bottom (3/4 of the height), 10 dead-lettered on top (1/4)
        assertThat(svg).contains("<rect x=\"354.0\" y=\"15.0\" width=\"5.0\" height=\"45.0\" fill=\"#2e7d32\">"
                + "<title>30 processed, 0 min ago</title>");
        assertThat(svg).contains("<rect x=\"354.0\" y=\"0.0\" width=\"5.0\" height=\"15.0\" fill=\"#c62828\">"
                + "<title>10 dead_lettered, 0 min ago</title>");
        assertThat(svg).contains("<title>20 processed, 30 min ago</title>").doesNotContain("500").doesNotContain("99");
    }

    @Test
    void anHourWithoutEventsIsAnEmptyChart() {
        assertThat(RateChart.svg("judit", List.of(), NOW)).contains("data-max=\"1\"").doesNotContain("<title>0 ");
    }

    @Test
    void theQuantileIsTheFirstBucketHoldingIt() {
        Map<Double, Double> cumulative = new TreeMap<>(Map.of(1.0, 10.0, 5.0, 50.0, 10.0, 98.0, 50.0, 100.0));
        assertThat(Overview.quantile(cumulative, 100, 0.5)).isEqualTo(5.0);
        assertThat(Overview.quantile(cumulative, 100, 0.99)).isEqualTo(50.0);
        assertThat(Overview.quantile(cumulative, 0, 0.5)).isNaN();
    }

    @Test
    void agesReadAtAGlance() {
        assertThat(ConsoleView.age(NOW.minusSeconds(30), NOW)).isEqualTo("30 s");
        assertThat(ConsoleView.age(NOW.minusSeconds(600), NOW)).isEqualTo("10 min");
        assertThat(ConsoleView.age(NOW.minusSeconds(5 * 3600), NOW)).isEqualTo("5 h");
        assertThat(ConsoleView.age(NOW.minusSeconds(40 * 86_400), NOW)).isEqualTo("40 d");
    }

    @Test
    void aSessionCookieOnlyHoldsOneOfTheTwoRoles() {
        ConsoleSession.Session session = new ConsoleSession.Session("reader", "tok", "Ana Lúcia de Souza");
        assertThat(ConsoleSession.Session.parse(session.encoded())).isEqualTo(session);
        assertThat(ConsoleSession.Session.parse("admin tok 00")).isNull();
        assertThat(ConsoleSession.Session.parse("operator")).isNull();
    }
}
