package io.despacho.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU a process's threads used while something ran, grouped by what the threads do (from their names in
 * /proc/PID/task/TID/comm). The webhooks and the consumer lanes share the worker pool; a JFR profile splits those.
 */
final class ThreadCpu {

    /** Work to measure. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /**
     * CPU seconds per thread group, the wall time they were used in, and the cores the whole machine was busy
     * meanwhile (everything: the app, the broker, PostgreSQL, the provider stand-in, the load generator).
     */
    record Share(Map<String, Double> seconds, double wallSeconds, double machineBusyCores, int machineCores) {
        String summary() {
            double total = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
            StringBuilder out = new StringBuilder(String.format("%.2f cores:", total / wallSeconds));
            seconds.forEach((group, s) -> out.append(String.format(" %s %.0f%%", group, 100 * s / total)));
            out.append(String.format("; machine %.2f of %d cores busy", machineBusyCores, machineCores));
            return out.toString();
        }
    }

    private static final double TICKS = 100.0; // USER_HZ on Linux

    static Share during(long pid, Work work) throws Exception {
        Map<String, Long> before = ticks(pid);
        long machineBefore = machineBusyTicks();
        long start = System.nanoTime();
        work.run();
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Long> after = ticks(pid);
        long machineAfter = machineBusyTicks();
        Map<String, Double> seconds = new TreeMap<>();
        after.forEach((thread, t) -> seconds.merge(group(thread.substring(thread.indexOf(' ') + 1)),
                (t - before.getOrDefault(thread, 0L)) / TICKS, Double::sum));
        double busyCores = (machineAfter - machineBefore) / TICKS / wall;
        return new Share(seconds, wall, busyCores, Runtime.getRuntime().availableProcessors());
    }

    /** Busy ticks of all CPUs together, from the first line of /proc/stat (all but idle and iowait). */
    static long machineBusyTicks() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) { // user nice system idle iowait irq softirq steal
            if (i != 4 && i != 5) {
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy;
    }

    /** What a thread does, by its name (Linux keeps the first 15 characters). */
    static String group(String name) {
        if (name.startsWith("vert.x-eventloo")) {
            return "event-loops";
        }
        if (name.startsWith("executor-thread")) {
            return "workers(webhooks+lanes)"; // the webhooks' @Blocking and the consumer lanes share the pool
        }
        if (name.startsWith("despacho-inboun")) {
            return "inbound-sender";
        }
        if (name.startsWith("kafka-") || name.startsWith("vert.x-kafka") || name.startsWith("smallrye-kafka")) {
            return "kafka-clients";
        }
        if (name.contains("CompilerThre")) {
            return "jit"; // C1 and C2: a young JVM's largest cost beside the work itself (docs/benchmark.md)
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ")) {
            return "gc";
        }
        return "other";
    }

    /** utime + stime of each thread, keyed by "tid name". */
    private static Map<String, Long> ticks(long pid) throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = Files.readString(task.resolve("comm")).strip();
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException threadEnded) {
                    // gone between the listing and the read
                }
            }
        }
        return ticks;
    }
}
