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

    @Test
    void twoReplicasHoldingTheSameRecordsRankThemAlikeWhateverTheirHistory() throws Exception {
        String[] finals = {"Column crm.customers.email varchar: Where receipts are sent",
            "Column crm.customers.email_verified boolean: Whether the customer confirmed the address",
            "Table crm.customers: People who buy from us", "Column sales.orders.shipping_country text: Country",
            "Column hr.employees.work_email text: Address for staff mail", "Column crm.contacts.phone text",
            "Column crm.customers.address text: Postal address of the customer",
            "Column crm.customers.address text: Postal address of the customer",
            "Column crm.customers.address text: Postal address of the customer"};
        float[][] vectors = new float[finals.length][];
        for (int r = 0; r < finals.length; r++) {
            vectors[r] = vector();
        }
        // this replica: the records' earlier texts, written beside others that stay, then replaced by the final
        // ones (Lucene keeps a replaced document, deleted, in its segment's statistics until a merge)
        // (enough others that the segment is not merged away at once: Lucene merges small segments on refresh)
        String[] others = new String[5_000];
        float[][] otherVectors = new float[others.length][];
        for (int o = 0; o < others.length; o++) {
            others[o] = "Column sales.orders.c" + o + " numeric: the amount of item " + o + " in the order line, "
                    + "net of discounts and before taxes, as invoiced to the buyer on the day of dispatch";
            otherVectors[o] = vector();
            put("t", "o" + o, others[o], otherVectors[o], MODEL);
        }
        for (int r = 0; r < finals.length; r++) {
            put("t", "r" + r, "customer email address customer email", vector(), MODEL);
        }
        index.refresh();
        for (int r = 0; r < finals.length; r++) {
            put("t", "r" + r, finals[r], vectors[r], MODEL);
        }
        // another replica: the same records, written once (a rebuild from PostgreSQL), in another order
        try (LuceneSearchIndex rebuilt = new LuceneSearchIndex()) {
            for (int r = finals.length - 1; r >= 0; r--) {
                rebuilt.putQuietly(new StoredVector(new IndexedRecord("t", Collection.SCHEMA_COLUMNS, "r" + r, "ds-1",
                        finals[r], Map.of("tenant", "t")), "hash-r" + r, MODEL, vectors[r]));
            }
            for (int o = others.length - 1; o >= 0; o--) {
                rebuilt.putQuietly(new StoredVector(new IndexedRecord("t", Collection.SCHEMA_COLUMNS, "o" + o, "ds-1",
                        others[o], Map.of("tenant", "t")), "hash-o" + o, MODEL, otherVectors[o]));
            }
            float[] question = vector();
            for (String words : List.of("customer email address", "postal address", "email")) {
                for (LuceneSearchIndex.Mode mode : LuceneSearchIndex.Mode.values()) {
                    List<SearchHit> here = index.search("t", List.of(Collection.SCHEMA_COLUMNS), null, MODEL, question,
                            words, 12, mode);
                    assertThat(here).as("%s %s", mode, words).isNotEmpty();
                    assertThat(rebuilt.search("t", List.of(Collection.SCHEMA_COLUMNS), null, MODEL, question, words, 12,
                            mode)).as("%s %s", mode, words).isEqualTo(here);
                }
            }
        }
    }
}
