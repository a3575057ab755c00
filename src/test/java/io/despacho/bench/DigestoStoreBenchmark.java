package io.despacho.bench;

import static io.despacho.pipeline.WebhookCalls.digesto;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.WireMock;

import io.despacho.digesto.mapping.TribprocMapper;
import io.despacho.processo.NormalizedProcess;
import io.despacho.processo.ProcessoStore;
import io.despacho.shared.Cnj;
import io.despacho.testing.ProviderApis;
import io.despacho.testing.TestCnj;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Not part of the test run (tag "bench"; bench/digesto.sh runs it). Prints, in one run on the same database:
 * normalized-process upserts per second against a raw multi-row insert of the same rows, and the time and peak heap
 * of importing virtual reports of 4,000 and 40,000 processes served page by page by WireMock.
 */
@QuarkusTest
@Tag("bench")
@TestProfile(DigestoStoreBenchmark.ProductionPageSize.class)
class DigestoStoreBenchmark {

    /** The default page size (200), not the tests' 3. */
    public static class ProductionPageSize implements QuarkusTestProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("despacho.digesto.report-page-size", "200");
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ProcessoStore store;
    @Inject
    DataSource dataSource;
    @Inject
    UserTransaction tx;

    @Test
    void upsertsAgainstRawInsertsAndLargeReports() throws Exception {
        JsonNode sample;
        try (InputStream in = getClass().getResourceAsStream("/sandbox/digesto-tribproc.json")) {
            sample = JSON.readTree(in);
        }
        int n = Integer.getInteger("bench.processes", 5000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int batch = 200;
        // Both paths warmed up first (JIT, statement caches), then alternated on fresh numbers each round, so
        // neither pays the other's warm-up and a noisy moment hits both; the best round of each is reported.
        runRound(Math.min(n, 1000), sample, batch);
        double bestUpsert = Double.MAX_VALUE;
        double bestRaw = Double.MAX_VALUE;
        List<String> roundLines = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double[] seconds = runRound(n, sample, batch);
            bestUpsert = Math.min(bestUpsert, seconds[0]);
            bestRaw = Math.min(bestRaw, seconds[1]);
            ratios.add(seconds[1] / seconds[0]);
            roundLines.add(String.format("%-58s %10.0f %10.0f %10.2f", "round " + (r + 1) + ": upserts/s, raw/s, ratio",
                    n / seconds[0], n / seconds[1], seconds[1] / seconds[0]));
        }
        double upsertSeconds = bestUpsert;
        double rawSeconds = bestRaw;

        String[] reports = System.getProperty("bench.reports", "4000,40000").split(",");
        List<String> reportLines = new ArrayList<>();
        for (String size : reports) {
            if (size.isBlank() || size.equals("none")) {
                continue;
            }
            reportLines.add(importReport(Integer.parseInt(size.trim()), sample));
        }

        System.out.printf("%nDigesto store benchmark (same PostgreSQL, batches of %d per transaction)%n", batch);
        System.out.printf("%-58s %10s %10s%n", "", "processes/s", "");
        System.out.printf("%-58s %10.0f%n", "ProcessoStore.saveAll (upsert + children + outbox), best",
                n / upsertSeconds);
        System.out.printf("%-58s %10.0f%n", "raw multi-row insert, same rows (no keys, no outbox), best",
                n / rawSeconds);
        System.out.printf("%-58s %10.2f%n", "ratio upsert / raw insert (best round of each)",
                rawSeconds / upsertSeconds);
        System.out.printf("%-58s %10.2f%n", "ratio upsert / raw insert (median of the rounds' ratios)",
                ratios.stream().sorted().toList().get(ratios.size() / 2));
        roundLines.forEach(System.out::println);
        reportLines.forEach(System.out::println);
    }

    /** n fresh processes saved by the store, then the same rows raw; returns both times in seconds. */
    double[] runRound(int n, JsonNode sample, int batch) throws Exception {
        List<NormalizedProcess> processes = new ArrayList<>();
        List<String> raws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode p = sample.deepCopy();
            p.put("numero", TestCnj.next().formatted());
            processes.add(TribprocMapper.map(p, false));
            raws.add(p.toString());
        }
        long t0 = System.nanoTime();
        upserts(processes, raws, batch);
        double upsertSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        rawInserts(processes, raws, batch);
        return new double[] { upsertSeconds, (System.nanoTime() - t1) / 1e9 };
    }

    void upserts(List<NormalizedProcess> processes, List<String> raws, int batch) throws Exception {
        for (int from = 0; from < processes.size(); from += batch) {
            tx.begin();
            List<ProcessoStore.Snapshot> page = new ArrayList<>();
            for (int i = from; i < Math.min(processes.size(), from + batch); i++) {
                page.add(new ProcessoStore.Snapshot(processes.get(i), Instant.parse("2016-05-03T18:25:01Z"),
                        raws.get(i)));
            }
            store.saveAll(page); // as a report page is stored
            tx.commit();
        }
    }

    /** The same rows into look-alike tables with one multi-row INSERT per table and batch: the physical floor. */
    void rawInserts(List<NormalizedProcess> processes, List<String> raws, int batch) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists bench_processo (like processo including defaults)");
            s.execute("create table if not exists bench_parte (like processo_parte including defaults)");
            s.execute("create table if not exists bench_mov (like processo_movimentacao including defaults)");
            s.execute("truncate bench_processo, bench_parte, bench_mov");
        }
        long id = 1;
        for (int from = 0; from < processes.size(); from += batch) {
            List<NormalizedProcess> slice = processes.subList(from, Math.min(processes.size(), from + batch));
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                StringBuilder p = new StringBuilder("insert into bench_processo (id, chave, numero, cnj, instancia,"
                        + " tribunal, uf, fonte_provedor, source_updated_at, content_hash, record, raw) values ");
                StringBuilder pt = new StringBuilder("insert into bench_parte (processo_id, ordem, nome, documento,"
                        + " tipo_documento, polo, papel) values ");
                StringBuilder mv = new StringBuilder("insert into bench_mov (processo_id, id, data, titulo, texto,"
                        + " juiz) values ");
                List<Object> pArgs = new ArrayList<>();
                List<Object> ptArgs = new ArrayList<>();
                List<Object> mvArgs = new ArrayList<>();
                for (int k = 0; k < slice.size(); k++, id++) {
                    NormalizedProcess np = slice.get(k);
                    p.append(k == 0 ? "" : ",").append("(?, ?, ?, ?, 1, ?, ?, 'DIGESTO', now(), 'h', ?::json, ?::jsonb)");
                    String record = JSON.writeValueAsString(np);
                    String cnj = Cnj.parse(np.cnj()).orElseThrow().digits();
                    pArgs.addAll(List.of(id, cnj, np.numero(), cnj, np.tribunal(), np.uf(), record, raws.get(from + k)));
                    for (int j = 0; j < np.partes().size(); j++) {
                        var parte = np.partes().get(j);
                        pt.append(ptArgs.isEmpty() ? "" : ",").append("(?, ?, ?, ?, ?, ?, ?)");
                        ptArgs.addAll(java.util.Arrays.asList(id, j, parte.nome(), parte.documento(),
                                parte.tipoDocumento(), parte.polo(), parte.papel()));
                    }
                    for (var m : np.movimentacoes()) {
                        mv.append(mvArgs.isEmpty() ? "" : ",").append("(?, ?, ?::date, ?, ?, ?)");
                        mvArgs.addAll(java.util.Arrays.asList(id, m.id(), m.data(), m.titulo(), m.texto(), m.juiz()));
                    }
                }
                execute(c, p.toString(), pArgs);
                execute(c, pt.toString(), ptArgs);
                execute(c, mv.toString(), mvArgs);
                c.commit();
            }
        }
    }

    static void execute(Connection c, String sql, List<Object> args) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.executeUpdate();
        }
    }

    String importReport(int size, JsonNode sample) throws Exception {
        long report = 900_000_000L + size + (System.currentTimeMillis() % 100_000);
        var server = ProviderApis.server();
        server.stubFor(WireMock.get("/digesto/api/virtual_report/" + report)
                .willReturn(WireMock.okJson("{\"name\": \"bench\", \"progress\": 100}")));
        server.stubFor(WireMock.post("/digesto/api/virtual_report/" + report + "/final")
                .willReturn(WireMock.aResponse().withTransformers("report-pages")
                        .withTransformerParameter("size", size)));
        ReportPages.sample = sample;
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        digesto("[{\"id\": " + report + ", \"evt_type\": 16, \"data\": {\"status\": \"finished\", \"vr_id\": " + report
                + "}}]").statusCode(202);
        long[] liveAfterGc = { 0 };
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            // heap still in use after the last collection: what the import keeps alive, not garbage awaiting GC
            long live = heap.stream().map(MemoryPoolMXBean::getCollectionUsage).filter(java.util.Objects::nonNull)
                    .mapToLong(java.lang.management.MemoryUsage::getUsed).sum();
            liveAfterGc[0] = Math.max(liveAfterGc[0], live);
            return stored(report) >= size && finished(report);
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return String.format("report of %,d processes: %.1f s (%.0f processes/s); heap of the whole JVM (app +"
                + " WireMock + test): peak used %d MiB, peak live after GC %d MiB, max %d MiB", size, seconds,
                size / seconds, peak / (1024 * 1024), liveAfterGc[0] / (1024 * 1024),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    int stored(long report) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from relatorio_processo where relatorio_id = ?")) {
            ps.setLong(1, report);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    boolean finished(long report) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select metadata->'record'->>'status' from relatorio where id = ?")) {
            ps.setLong(1, report);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "FINISHED".equals(rs.getString(1));
            }
        }
    }
}
