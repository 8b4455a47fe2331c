package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LuceneSearchIndexTest {

    private static final String MODEL = "test-model";
    private final LuceneSearchIndex index = new LuceneSearchIndex();
    private final Random random = new Random(7);

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private float[] vector() {
        float[] v = new float[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }
        return v;
    }

    private void put(String tenant, String record, String text, float[] vector, String model) {
        index.putQuietly(new StoredVector(new IndexedRecord(tenant, Collection.SCHEMA_COLUMNS, record, "ds-1", text,
                Map.of("tenant", tenant)), "hash-" + record, model, vector));
    }

    @Test
    void aSmallTenantGetsItsKHitsAmongManyLargeOnesAndNeverAnotherTenants() {
        for (int t = 0; t < 20; t++) {
            for (int r = 0; r < 300; r++) {
                put("big-" + t, "r" + r, "column " + r, vector(), MODEL);
            }
        }
        for (int r = 0; r < 5; r++) {
            put("small", "s" + r, "column s" + r, vector(), MODEL);
        }
        index.refresh();

        for (LuceneSearchIndex.Mode mode : LuceneSearchIndex.Mode.values()) {
            List<SearchHit> hits = index.search("small", List.of(Collection.values()), null, MODEL, vector(),
                    "column", 5, mode);
            assertThat(hits).as(mode.name()).hasSize(5);
            assertThat(hits).as(mode.name()).allSatisfy(hit -> assertThat(hit.metadata()).containsEntry("tenant", "small"));
        }
        assertThat(index.search("big-3", List.of(Collection.SCHEMA_COLUMNS), null, MODEL, vector(), "column", 50,
                LuceneSearchIndex.Mode.HYBRID)).hasSize(50)
                .allSatisfy(hit -> assertThat(hit.metadata()).containsEntry("tenant", "big-3"));
    }

    @Test
    void aQuestionNamingAColumnFindsItFirstInHybridSearch() {
        for (int r = 0; r < 200; r++) {
            put("t", "r" + r, "Column sales.table_" + r + ".amount numeric", vector(), MODEL);
        }
        // its embedding is near the question's, as a real model's would be, though not the nearest
        float[] question = vector();
        float[] other = vector();
        float[] near = new float[question.length];
        for (int i = 0; i < near.length; i++) {
            near[i] = 0.25f * question[i] + 0.75f * other[i];
        }
        put("t", "target", "Column sales.orders.shipping_country text: Country the order ships to", near, MODEL);
        index.refresh();
        List<SearchHit> vectorOnly = index.search("t", List.of(Collection.SCHEMA_COLUMNS), null, MODEL, question,
                "orders by shipping_country", 40, LuceneSearchIndex.Mode.VECTOR);
        List<SearchHit> hits = index.search("t", List.of(Collection.SCHEMA_COLUMNS), null, MODEL, question,
                "orders by shipping_country", 5, LuceneSearchIndex.Mode.HYBRID);
        int vectorRank = vectorOnly.stream().map(SearchHit::recordId).toList().indexOf("target");
        assertThat(vectorRank).as("rank by vector alone").isBetween(1, 39);
        assertThat(hits.get(0).recordId()).isEqualTo("target");
    }

    @Test
    void searchNeverMixesModelsAndARemovedRecordIsGone() {
        float[] v = vector();
        put("t", "old", "Column a.b", v, "old-model");
        put("t", "new", "Column a.b", v, MODEL);
        index.refresh();
        assertThat(index.search("t", List.of(Collection.SCHEMA_COLUMNS), null, MODEL, v, "a.b", 10,
                LuceneSearchIndex.Mode.HYBRID)).extracting(SearchHit::recordId).containsExactly("new");
        assertThat(index.contentHash("t", Collection.SCHEMA_COLUMNS, "new")).hasValue("hash-new");
        index.remove("t", Collection.SCHEMA_COLUMNS, "new");
        assertThat(index.search("t", List.of(Collection.SCHEMA_COLUMNS), null, MODEL, v, "a.b", 10,
                LuceneSearchIndex.Mode.HYBRID)).isEmpty();
    }

    @Test
    void everyWriteIsInTheNextSearchWithoutAnExplicitRefreshEvenWhileAnotherThreadWrites() throws Exception {
        float[] v = vector();
        Thread writer = new Thread(() -> {
            for (int r = 0; r < 2_000; r++) {
                put("other", "w" + r, "column w" + r, vector(), MODEL);
            }
        });
        writer.start();
        for (int r = 0; r < 200; r++) {
            put("t", "r" + r, "Column a.c" + r, v, MODEL);
            assertThat(index.contentHash("t", Collection.SCHEMA_COLUMNS, "r" + r)).hasValue("hash-r" + r);
            assertThat(index.search("t", List.of(Collection.SCHEMA_COLUMNS), null, MODEL, v, "column", 500,
                    LuceneSearchIndex.Mode.VECTOR)).as("after write %d", r).hasSize(r + 1);
        }
        index.remove("t", Collection.SCHEMA_COLUMNS, "r0");
        assertThat(index.contentHash("t", Collection.SCHEMA_COLUMNS, "r0")).isEmpty();
        assertThat(index.search("t", List.of(Collection.SCHEMA_COLUMNS), null, MODEL, v, "column", 500,
                LuceneSearchIndex.Mode.VECTOR)).hasSize(199);
        writer.join();
        assertThat(index.size()).isEqualTo(2_199);
    }
}
