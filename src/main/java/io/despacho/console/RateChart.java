package io.despacho.console;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The last hour of one provider's events as an inline SVG: one stacked bar per minute, coloured by what became of the
 * events. Drawn on the server, so the page needs no chart library and no CDN.
 */
public final class RateChart {

    static final int MINUTES = 60;
    static final int WIDTH = 360;
    static final int HEIGHT = 60;
    /** Outcomes bottom to top, with their colours (the legend uses the same). */
    static final List<String[]> OUTCOMES = List.of(new String[] { "PROCESSED", "#2e7d32" },
            new String[] { "IGNORED", "#90a4ae" }, new String[] { "RECEIVED", "#f9a825" },
            new String[] { "DEAD_LETTERED", "#c62828" });

    private RateChart() {
    }

    /** The SVG for one provider's minutes; {@code now} ends the hour shown. */
    public static String svg(String provider, List<ConsoleQueries.Minute> minutes, Instant now) {
        long[][] counts = new long[MINUTES][OUTCOMES.size()];
        Instant end = now.truncatedTo(ChronoUnit.MINUTES);
        long max = 1;
        for (ConsoleQueries.Minute m : minutes) {
            long ago = ChronoUnit.MINUTES.between(m.minute(), end);
            int outcome = outcome(m.status());
            if (!m.provider().equals(provider) || ago < 0 || ago >= MINUTES || outcome < 0) {
                continue;
            }
            counts[MINUTES - 1 - (int) ago][outcome] += m.count();
        }
        for (long[] minute : counts) {
            long total = 0;
            for (long c : minute) {
                total += c;
            }
            max = Math.max(max, total);
        }
        double bar = (double) WIDTH / MINUTES;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"chart\" role=\"img\""
                + " viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" data-provider=\"%s\" data-max=\"%d\">"
                + "<title>%s: events per minute, last hour (max %d/min)</title>"
                + "<rect width=\"%d\" height=\"%d\" fill=\"#f5f5f5\"/>", WIDTH, HEIGHT, WIDTH, HEIGHT, provider, max,
                provider, max, WIDTH, HEIGHT));
        for (int i = 0; i < MINUTES; i++) {
            double y = HEIGHT;
            for (int o = 0; o < OUTCOMES.size(); o++) {
                if (counts[i][o] == 0) {
                    continue;
                }
                double h = Math.max(1, HEIGHT * (double) counts[i][o] / max);
                y -= h;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " fill=\"%s\"><title>%d %s, %d min ago</title></rect>", i * bar, y, bar - 1, h,
                        OUTCOMES.get(o)[1], counts[i][o], OUTCOMES.get(o)[0].toLowerCase(Locale.ROOT),
                        MINUTES - 1 - i));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static int outcome(String status) {
        for (int o = 0; o < OUTCOMES.size(); o++) {
            if (OUTCOMES.get(o)[0].equals(status)) {
                return o;
            }
        }
        return -1;
    }
}
