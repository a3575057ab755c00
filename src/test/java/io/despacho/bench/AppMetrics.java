package io.despacho.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * The app's own timers read from {@code /q/metrics} before and after a phase, to say where a phase's end-to-end time
 * went: the mean of a timer over the phase is (sum after − sum before) ÷ (count after − count before).
 */
record AppMetrics(List<String> lines) {

    static AppMetrics scrape(HttpClient http, int port) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new AppMetrics(body.lines().filter(l -> !l.startsWith("#")).toList());
    }

    /** The sum over every series of {@code name} whose labels contain all of {@code labels} (e.g. provider="x"). */
    double sum(String name, String... labels) {
        double total = 0;
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            if (!(series.equals(name) || series.startsWith(name + "{"))) {
                continue;
            }
            if (List.of(labels).stream().allMatch(series::contains)) {
                total += Double.parseDouble(line.substring(space + 1));
            }
        }
        return total;
    }

    /** The mean milliseconds of timer {@code name} over the phase from {@code before} to this scrape. */
    double meanMsSince(AppMetrics before, String name, String... labels) {
        double count = sum(name + "_count", labels) - before.sum(name + "_count", labels);
        return count == 0 ? Double.NaN
                : (sum(name + "_sum", labels) - before.sum(name + "_sum", labels)) * 1000 / count;
    }

    /** The phase's total of timer {@code name} in milliseconds divided by {@code per} (e.g. per event). */
    double totalMsSince(AppMetrics before, String name, double per, String... labels) {
        return (sum(name + "_sum", labels) - before.sum(name + "_sum", labels)) * 1000 / per;
    }

    double countSince(AppMetrics before, String name, String... labels) {
        return sum(name + "_count", labels) - before.sum(name + "_count", labels);
    }
}
