package io.kavsak.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.kavsak.hub.support.HubIntegrationTest;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Export benchmark (issue 14, outcome 8), not a test: a 1,000,000-row table in a tenant datasource (a second
 * database on the embedded PostgreSQL) exported to CSV and Excel, and 10,000 rows to PDF, through
 * {@link ReportExports}; prints rows per second and the peak heap growth of each, then a plain
 * {@code COPY … TO STDOUT} of the same table into a file as the physical reference. "Peak sampled used" includes
 * garbage not yet collected; with {@code -Dkavsak.bench.live-heap=true} a full GC every 2 s also gives the peak
 * heap still in use. Runs only with {@code -Dkavsak.bench=true} (docs/benchmarks.md).
 */
@EnabledIfSystemProperty(named = "kavsak.bench", matches = "true")
class ReportExportBenchmarkIT extends HubIntegrationTest {

    private static final int ROWS = Integer.getInteger("kavsak.bench.export-rows", 1_000_000);
    private static final int PDF_ROWS = Integer.getInteger("kavsak.bench.pdf-rows", 10_000);
    private static final String DATABASE = "kavsak_exports_bench";
    /** Also force a full GC every 2 s during each export and report the peak heap still in use after it. */
    private static final boolean LIVE_HEAP = Boolean.getBoolean("kavsak.bench.live-heap");
    private static final String COLUMNS = "id, customer, country, amount, ratio, ordered_on, created_at, paid";

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private ReadOnlyQueryPolicy policy;
    @Value("${spring.datasource.url}")
    private String hubUrl;

    @Test
    void exportBenchmark() throws Exception {
        String url = hubUrl.substring(0, hubUrl.lastIndexOf('/') + 1) + DATABASE;
        long seeding = System.nanoTime();
        if (jdbc.queryForObject("select count(*) from pg_database where datname = ?", Integer.class, DATABASE) == 0) {
            jdbc.execute("create database " + DATABASE);
        }
        try (Connection owner = DriverManager.getConnection(url, "postgres", "postgres");
             Statement sql = owner.createStatement()) {
            sql.execute("drop table if exists orders");
            sql.execute("create table orders (id bigint primary key, customer text, country text, amount numeric(12,2), "
                    + "ratio double precision, ordered_on date, created_at timestamptz, paid boolean)");
            sql.execute("insert into orders select g, 'Müşteri ' || g || ', \"A.Ş.\"', (array['TR','DE','NL','US'])[g % 4 + 1], "
                    + "(g % 100000) / 100.0, g / 7.0, date '2020-01-01' + (g % 2000), "
                    + "timestamptz '2020-01-01 00:00:00+00' + g * interval '17 seconds', g % 3 = 0 "
                    + "from generate_series(1, " + ROWS + ") g");
            sql.execute("vacuum analyze orders");
        }
        print("seeded %,d rows in %.1f s", ROWS, (System.nanoTime() - seeding) / 1e9);

        // the benchmark's own limits: the IT hub's max-rows (50) is far too small for a million rows
        ReportProperties limits = new ReportProperties(null, Duration.ofMinutes(30), ROWS, 5, 1,
                Duration.ofSeconds(5), PDF_ROWS);
        DatasourcePools pools = new DatasourcePools(limits);
        ReportExports exports = new ReportExports(new ReportQueries(policy, pools, limits), limits);
        TenantDatasources.Connectable source = new TenantDatasources.Connectable("bench", "orders", url, "postgres",
                "postgres", null, Instant.EPOCH);
        Path directory = Path.of("target", "embedded-it", "export-bench").toAbsolutePath();
        Files.createDirectories(directory);
        try {
            exports.export(source, "select " + COLUMNS + " from orders where id <= 1000", List.of(), ExportFormat.CSV,
                    directory.resolve("warm-up.csv"));
            double csvRate = measure("CSV", () -> exports.export(source, "select " + COLUMNS + " from orders",
                    List.of(), ExportFormat.CSV, directory.resolve("orders.csv")), ROWS);
            measure("Excel", () -> exports.export(source, "select " + COLUMNS + " from orders", List.of(),
                    ExportFormat.EXCEL, directory.resolve("orders.xlsx")), ROWS);
            measure("PDF", () -> exports.export(source, "select " + COLUMNS + " from orders where id <= ?",
                    List.of(PDF_ROWS), ExportFormat.PDF, directory.resolve("orders.pdf")), PDF_ROWS);

            long started = System.nanoTime();
            long copied;
            try (Connection reader = DriverManager.getConnection(url, "postgres", "postgres");
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(directory.resolve("copy.csv")),
                         64 * 1024)) {
                copied = reader.unwrap(PGConnection.class).getCopyAPI().copyOut(
                        "COPY (select " + COLUMNS + " from orders) TO STDOUT WITH (FORMAT csv, HEADER)", out);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            double copyRate = copied / seconds;
            assertThat(copied).isEqualTo(ROWS);
            print("COPY (...) TO STDOUT, CSV into a file: %,d rows in %.1f s = %,.0f rows/s, %,.1f MB; "
                    + "CSV export/COPY = %.2f", copied, seconds, copyRate,
                    Files.size(directory.resolve("copy.csv")) / 1e6, csvRate / copyRate);
        } finally {
            pools.closeAll();
        }
    }

    private interface Export {
        ExportResult run() throws Exception;
    }

    /** Runs one export while sampling the heap; prints rows/s and the peak growth over the heap before it. */
    private double measure(String format, Export export, long expectedRows) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        Thread.sleep(300);
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peakUsed = new AtomicLong(baseline);
        AtomicLong peakAfterGc = new AtomicLong(-1);
        AtomicLong peakLive = new AtomicLong(-1);
        NotificationListener afterGc = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(MemoryUsage::getUsed).sum();
                peakAfterGc.accumulateAndGet(used, Math::max);
            }
        };
        List<NotificationEmitter> emitters = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(afterGc, null, null);
                emitters.add(emitter);
            }
        }
        Thread sampler = new Thread(() -> {
            long nextFullGc = System.nanoTime() + 2_000_000_000L;
            while (!Thread.currentThread().isInterrupted()) {
                peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                if (LIVE_HEAP && System.nanoTime() > nextFullGc) {
                    System.gc();
                    peakLive.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    nextFullGc = System.nanoTime() + 2_000_000_000L;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long started = System.nanoTime();
        ExportResult result;
        try {
            result = export.run();
        } finally {
            sampler.interrupt();
            sampler.join();
            for (NotificationEmitter emitter : emitters) {
                emitter.removeNotificationListener(afterGc);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(result.rows()).isEqualTo(expectedRows);
        assertThat(result.truncated()).isFalse();
        double rate = result.rows() / seconds;
        print("%-5s %,d rows in %.1f s = %,.0f rows/s, %,.1f MB file; heap growth: peak sampled used %+,.0f MB, "
                + "peak after a GC %s%s", format, result.rows(), seconds, rate, result.bytes() / 1e6,
                (peakUsed.get() - baseline) / 1e6, megabytes(peakAfterGc.get(), baseline),
                LIVE_HEAP ? ", peak live after a full GC every 2 s " + megabytes(peakLive.get(), baseline) : "");
        return rate;
    }

    private static String megabytes(long peak, long baseline) {
        return peak < 0 ? "n/a" : String.format("%+,.0f MB", (peak - baseline) / 1e6);
    }

    private static void print(String format, Object... args) {
        System.out.println("EXPORT-BENCH " + String.format(format, args));
    }
}
