package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kavsak.hub.support.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.datafaker.Faker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 12's figures as a load program, not a test: full index of a generated catalog through the real
 * pipeline (REST → outbox → Kafka → consumer → embedder → PostgreSQL → indexing.vector.changed → Lucene) against
 * the model's raw throughput on the same texts; change → searchable p50/p99 on this hub; search p50/p99 and
 * recall@10 of the HNSW search against exact cosine search at 100,000 vectors across 100 tenants; and Lucene
 * writes with a refresh per write against batched refreshes. Prints {@code INDEX-BENCH} lines; asserts only that
 * the work was done. Runs only with {@code -Dkavsak.bench=true}; the command is in docs/benchmarks.md.
 */
@EnabledIfSystemProperty(named = "kavsak.bench", matches = "true")
class IndexingBenchmarkIT extends HubIntegrationTest {

    private static final int TABLES = Integer.getInteger("kavsak.bench.tables", 1_000);
    private static final int COLUMNS = Integer.getInteger("kavsak.bench.columns", 20);
    /** Every n-th text of the catalog is embedded again raw (the same mix of table and column texts). */
    private static final int RAW_EVERY = Integer.getInteger("kavsak.bench.raw-every", 5);
    private static final int CHANGES = Integer.getInteger("kavsak.bench.changes", 40);
    private static final int VECTORS = Integer.getInteger("kavsak.bench.vectors", 100_000);
    private static final int TENANTS = Integer.getInteger("kavsak.bench.tenants", 100);
    private static final int QUERIES = Integer.getInteger("kavsak.bench.queries", 300);
    private static final String[] TYPES = {"text", "integer", "bigint", "numeric(12,2)", "timestamptz", "boolean",
        "date", "uuid", "varchar(255)", "jsonb"};

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TextEmbedder embedder;
    @Autowired
    LuceneSearchIndex index;
    @Autowired
    CatalogReader catalog;
    @Autowired
    VectorStore store;

    private final Faker faker = new Faker(new Random(12));

    private static String snake(String words) {
        return words.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    @Test
    void figures() throws Exception {
        String tenant = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        registerTenant(tenant);
        String admin = TOKENS.admin("bench-admin", tenant);

        // ---- a generated catalog, written straight into the Metadata DB (no per-row events)
        List<String[]> columnRows = seed(tenant);
        int records = TABLES * (COLUMNS + 1);
        int before = index.size();

        // ---- the model's raw throughput on every n-th of the same texts, before and after the pipeline's run
        // (a change of load during the run shows as a gap between the two; the ratio uses their mean)
        List<String> texts = new ArrayList<>();
        List<IndexedRecord> all = catalog.schema(tenant, List.of("bench"));
        for (int i = 0; i < all.size(); i += RAW_EVERY) {
            texts.add(all.get(i).content());
        }
        double rawBefore = rawThroughput(texts);

        // ---- full index through the pipeline
        long start = System.nanoTime();
        HttpResponse<String> requested = call("POST", "/api/v1/catalog/index", admin,
                "{\"datasource_ids\": [\"bench\"], \"reason\": \"benchmark\"}");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        long stored = 0;
        long searchable = 0;
        while (searchable == 0) {
            Thread.sleep(200);
            assertThat(System.nanoTime() - start).as("full index done").isLessThan(3_600_000_000_000L);
            if (stored == 0 && vectors(tenant) >= records) {
                stored = System.nanoTime();
            }
            if (stored != 0 && index.size() >= before + records) {
                searchable = System.nanoTime();
            }
        }
        double storedSeconds = (stored - start) / 1e9;
        double searchableSeconds = (searchable - start) / 1e9;

        double rawAfter = rawThroughput(texts);
        double raw = (rawBefore + rawAfter) / 2;
        System.out.printf(Locale.ROOT, "INDEX-BENCH full index %,d tables x %d columns = %,d records: stored in %.1f s"
                + " (%.1f records/s), searchable in %.1f s (%.1f records/s)%n", TABLES, COLUMNS, records,
                storedSeconds, records / storedSeconds, searchableSeconds, records / searchableSeconds);
        System.out.printf(Locale.ROOT, "INDEX-BENCH raw %s on %,d of the same texts (every %d-th), batches of %d:"
                + " %.1f texts/s before, %.1f after, mean %.1f; pipeline/raw = %.2f (stored), %.2f (searchable)%n",
                embedder.model(), texts.size(), RAW_EVERY, RecordIndexer.BATCH, rawBefore, rawAfter, raw,
                records / storedSeconds / raw, records / searchableSeconds / raw);

        // ---- change -> searchable on this replica
        Random random = new Random(5);
        double[] lags = new double[CHANGES];
        for (int i = 0; i < CHANGES; i++) {
            String[] column = columnRows.get(random.nextInt(columnRows.size()));
            String marker = "zebrafinch" + i + "x";
            HttpResponse<String> put = call("PUT", "/api/v1/catalog/columns/" + column[0], admin, """
                    {"column_name": "%s", "data_type": "%s", "description": "Changed %s"}"""
                    .formatted(column[1], column[2], marker));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            long changed = System.nanoTime();
            while (index.search(tenant, List.of(Collection.SCHEMA_COLUMNS), null, embedder.model(), null, marker, 1,
                    LuceneSearchIndex.Mode.KEYWORD).stream().noneMatch(h -> h.text().contains(marker))) {
                Thread.sleep(5);
                assertThat(System.nanoTime() - changed).as("change " + i + " searchable").isLessThan(60_000_000_000L);
            }
            lags[i] = (System.nanoTime() - changed) / 1e6;
        }
        Arrays.sort(lags);
        System.out.printf(Locale.ROOT, "INDEX-BENCH change -> searchable (one hub, PUT answered -> found by search),"
                + " %d changes: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", CHANGES, pct(lags, 50), pct(lags, 99),
                lags[lags.length - 1]);

        // ---- 100,000 vectors across 100 tenants, in an index of their own
        List<float[]> pool = new ArrayList<>();
        List<String> poolTexts = new ArrayList<>();
        store.forEach(v -> {
            if (v.record().tenantId().equals(tenant)) {
                pool.add(v.embedding());
                poolTexts.add(v.record().content());
            }
        });
        if (VECTORS > 0) {
            searchAtScale(pool, poolTexts);
        }

        refreshCost(pool, poolTexts);
    }

    private void searchAtScale(List<float[]> pool, List<String> poolTexts) throws Exception {
        // tenant t holds a share proportional to 1 / (t + 1): a few large tenants, many small ones
        double harmonic = 0;
        for (int t = 0; t < TENANTS; t++) {
            harmonic += 1.0 / (t + 1);
        }
        Random random = new Random(9);
        List<List<float[]>> byTenant = new ArrayList<>();
        try (LuceneSearchIndex big = new LuceneSearchIndex()) {
            int made = 0;
            long start = System.nanoTime();
            for (int t = 0; t < TENANTS; t++) {
                int size = t == TENANTS - 1 ? VECTORS - made : (int) Math.round(VECTORS / harmonic / (t + 1));
                List<float[]> own = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    int base = random.nextInt(pool.size());
                    float[] v = jitter(pool.get(base), random);
                    own.add(v);
                    big.putQuietly(new StoredVector(new IndexedRecord("t" + t, Collection.SCHEMA_COLUMNS, "r" + i,
                            "bench", poolTexts.get(base), Map.of()), "h", embedder.model(), v));
                }
                made += size;
                byTenant.add(own);
            }
            big.refresh();
            System.out.printf(Locale.ROOT, "INDEX-BENCH search index of %,d vectors (%d tenants, largest %,d,"
                    + " smallest %,d) built in %.1f s%n", made, TENANTS, byTenant.get(0).size(),
                    byTenant.get(TENANTS - 2).size(), (System.nanoTime() - start) / 1e9);

            List<String> questions = new ArrayList<>();
            for (int q = 0; q < QUERIES; q++) {
                questions.add("which " + faker.commerce().productName().toLowerCase(Locale.ROOT) + " by "
                        + faker.commerce().department().toLowerCase(Locale.ROOT));
            }
            double[] embedMs = new double[QUERIES];
            List<float[]> queryVectors = new ArrayList<>();
            for (int q = 0; q < QUERIES; q++) {
                long t0 = System.nanoTime();
                queryVectors.add(embedder.embed(questions.get(q)));
                embedMs[q] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(embedMs);
            System.out.printf(Locale.ROOT, "INDEX-BENCH query embedding: p50 %.1f ms, p99 %.1f ms%n", pct(embedMs, 50),
                    pct(embedMs, 99));

            for (LuceneSearchIndex.Mode mode : LuceneSearchIndex.Mode.values()) {
                double[] ms = new double[QUERIES];
                for (int q = 0; q < QUERIES; q++) {
                    String tenant = "t" + random.nextInt(TENANTS);
                    long t0 = System.nanoTime();
                    List<SearchHit> hits = big.search(tenant, List.of(Collection.values()), null, embedder.model(),
                            queryVectors.get(q), questions.get(q), 10, mode);
                    ms[q] = (System.nanoTime() - t0) / 1e6;
                    assertThat(hits).isNotEmpty();
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "INDEX-BENCH search %-7s k=10 at %,d vectors / %d tenants (tenant picked"
                        + " uniformly): p50 %.2f ms, p99 %.2f ms%n", mode, made, TENANTS, pct(ms, 50), pct(ms, 99));
            }

            // recall@10 of HNSW (filtered by tenant, as every search is) against exact cosine search
            int[] tenantsToCheck = {0, 1, 2, 4, 9, 19, 49, 98};
            for (int t : tenantsToCheck) {
                List<float[]> own = byTenant.get(t);
                double recall = 0;
                int n = Math.min(QUERIES, 100);
                for (int q = 0; q < n; q++) {
                    float[] query = queryVectors.get(q);
                    Set<String> approximate = new HashSet<>();
                    big.search("t" + t, List.of(Collection.SCHEMA_COLUMNS), null, embedder.model(), query, null, 10,
                            LuceneSearchIndex.Mode.VECTOR).forEach(h -> approximate.add(h.recordId()));
                    recall += overlap(approximate, exact(own, query, 10)) / 10.0;
                }
                System.out.printf(Locale.ROOT, "INDEX-BENCH recall@10 HNSW vs exact, tenant t%d (%,d vectors),"
                        + " %d queries: %.3f%n", t, own.size(), n, recall / n);
            }
        }
    }

    /** Texts per second straight through the model, in the batches {@code RecordIndexer} uses. */
    private double rawThroughput(List<String> texts) {
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += RecordIndexer.BATCH) {
            embedder.embedAll(texts.subList(from, Math.min(texts.size(), from + RecordIndexer.BATCH)));
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** Lucene writes one by one with a refresh each (put) against writes with one refresh at the end. */
    private void refreshCost(List<float[]> pool, List<String> poolTexts) throws Exception {
        int n = Math.min(pool.size(), 5_000);
        for (boolean each : new boolean[] {true, false}) {
            try (LuceneSearchIndex small = new LuceneSearchIndex()) {
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    StoredVector v = new StoredVector(new IndexedRecord("t", Collection.SCHEMA_COLUMNS, "r" + i,
                            "bench", poolTexts.get(i), Map.of()), "h", embedder.model(), pool.get(i));
                    if (each) {
                        small.put(v);
                    } else {
                        small.putQuietly(v);
                    }
                }
                small.refresh();
                System.out.printf(Locale.ROOT, "INDEX-BENCH lucene %,d writes %s: %.0f writes/s%n", n,
                        each ? "with put() (as indexing.vector.changed applies them)" : "with one refresh at the end",
                        n / ((System.nanoTime() - start) / 1e9));
            }
        }
    }

    private static float[] jitter(float[] base, Random random) {
        float[] v = new float[base.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (base[i] + random.nextGaussian() * 0.03);
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    private static Set<String> exact(List<float[]> vectors, float[] query, int k) {
        Integer[] order = new Integer[vectors.size()];
        double[] score = new double[vectors.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
            score[i] = cosine(vectors.get(i), query);
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        Set<String> top = new HashSet<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            top.add("r" + order[i]);
        }
        return top;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static int overlap(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return both.size();
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private int vectors(String tenant) {
        return jdbc.queryForObject("select count(*) from indexing.vectors where tenant_id = ?", Integer.class, tenant);
    }

    /** Writes the catalog; returns each column as {id, name, type}. */
    private List<String[]> seed(String tenant) {
        List<Object[]> objects = new ArrayList<>();
        List<Object[]> columns = new ArrayList<>();
        List<String[]> columnRows = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int t = 0; t < TABLES; t++) {
            UUID id = UUID.randomUUID();
            String name;
            do {
                name = snake(faker.commerce().department()) + "." + snake(faker.commerce().productName());
            } while (!names.add(name));
            objects.add(new Object[] {id, tenant, "bench", name, faker.commerce().productName(),
                faker.lorem().sentence(8)});
            Set<String> own = new HashSet<>();
            for (int c = 0; c < COLUMNS; c++) {
                String column;
                do {
                    column = snake(faker.commerce().material() + " " + faker.lorem().word());
                } while (!own.add(column));
                UUID columnId = UUID.randomUUID();
                String type = TYPES[(t + c) % TYPES.length];
                columns.add(new Object[] {columnId, tenant, id, column, type, faker.lorem().sentence(6)});
                columnRows.add(new String[] {columnId.toString(), column, type});
            }
        }
        jdbc.batchUpdate("""
                insert into catalog.exposed_objects (id, tenant_id, datasource_id, object_name, display_name, description)
                values (?, ?, ?, ?, ?, ?)""", objects);
        jdbc.batchUpdate("""
                insert into catalog.exposed_columns (id, tenant_id, exposed_object_id, column_name, data_type, description)
                values (?, ?, ?, ?, ?, ?)""", columns);
        return columnRows;
    }
}
