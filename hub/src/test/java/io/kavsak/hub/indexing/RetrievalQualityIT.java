package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retrieval quality on a schema no one here wrote: 207 tables of four public Apache-2.0 schemas (Flowable,
 * Camunda 7, Keycloak, Quartz; see {@code src/test/resources/indexing-quality/README.md}), 128 questions phrased
 * as users would with the tables and columns that answer them, and 20 golden question→SQL pairs asked again in
 * other words. Every record's text comes from {@link SchemaText} with the metadata {@code CatalogReader} gives
 * it, is embedded by {@link MiniLmEmbedder} and searched in {@link LuceneSearchIndex}: the parts that decide what
 * a search finds (PostgreSQL and Kafka only carry the same records there). Prints recall@5 and MRR@10 for each
 * mode and fails below floors set a little under the first measurement.
 */
class RetrievalQualityIT {

    private static final String TENANT = "quality";
    /** A schema question asks the schema collections, as the NL-to-SQL service asks for its schema context. */
    private static final List<Collection> SCHEMA = List.of(Collection.SCHEMA_OBJECTS, Collection.SCHEMA_COLUMNS);
    /** A question that paraphrases a golden pair asks every collection: the pair must outrank the schema. */
    private static final List<Collection> ALL =
            List.of(Collection.SCHEMA_OBJECTS, Collection.SCHEMA_COLUMNS, Collection.GOLDEN_QA);
    /** Floors: a little under the measurement recorded in docs/indexing.md. */
    private static final Map<LuceneSearchIndex.Mode, double[]> FLOORS = Map.of(
            LuceneSearchIndex.Mode.VECTOR, new double[] {0.70, 0.59},
            LuceneSearchIndex.Mode.KEYWORD, new double[] {0.63, 0.57},
            LuceneSearchIndex.Mode.HYBRID, new double[] {0.69, 0.55});

    private record Question(String datasource, String text, List<String> expected) {
    }

    private static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();
    private static LuceneSearchIndex index;
    private static final List<Question> QUESTIONS = new ArrayList<>();
    private static final Set<String> LABELS = new HashSet<>();
    private static int tables;

    @BeforeAll
    static void indexThePublicSchemas() throws IOException {
        JsonNode schemas = new ObjectMapper().readTree(resource("schemas.json"));
        List<IndexedRecord> records = new ArrayList<>();
        for (JsonNode ds : schemas.get("datasources")) {
            String datasource = ds.get("id").asText();
            for (JsonNode object : ds.get("objects")) {
                tables++;
                String table = object.get("name").asText();
                List<SchemaText.Column> columns = new ArrayList<>();
                object.get("columns").forEach(c -> columns.add(
                        new SchemaText.Column(c.get("name").asText(), c.get("type").asText(), null, null, false)));
                records.add(new IndexedRecord(TENANT, Collection.SCHEMA_OBJECTS, datasource + "/" + table, datasource,
                        SchemaText.object(table, null, null, columns),
                        Map.of("object_name", table, "datasource_id", datasource)));
                LABELS.add(datasource + "/" + table);
                for (SchemaText.Column column : columns) {
                    String label = table + "." + column.name();
                    records.add(new IndexedRecord(TENANT, Collection.SCHEMA_COLUMNS, datasource + "/" + label,
                            datasource, SchemaText.column(table, column), Map.of("object_name", table,
                            "column_name", column.name(), "datasource_id", datasource)));
                    LABELS.add(datasource + "/" + label);
                }
            }
        }
        for (String[] qa : rows("golden-qa.tsv")) {
            records.add(new IndexedRecord(TENANT, Collection.GOLDEN_QA, qa[1] + "/qa:" + qa[0], qa[1],
                    SchemaText.goldenQa(qa[2], qa[3]), Map.of("sql_text", qa[3])));
            LABELS.add(qa[1] + "/qa:" + qa[0]);
        }
        for (String[] q : rows("questions.tsv")) {
            QUESTIONS.add(new Question(q[0], q[1], List.of(q[2].split(" "))));
        }

        index = new LuceneSearchIndex();
        long start = System.nanoTime();
        for (int from = 0; from < records.size(); from += RecordIndexer.BATCH) {
            List<IndexedRecord> batch = records.subList(from, Math.min(records.size(), from + RecordIndexer.BATCH));
            List<float[]> vectors = EMBEDDER.embedAll(batch.stream().map(IndexedRecord::content).toList());
            for (int i = 0; i < batch.size(); i++) {
                index.putQuietly(new StoredVector(batch.get(i), "h", EMBEDDER.model(), vectors.get(i)));
            }
        }
        index.refresh();
        System.out.printf("QUALITY indexed %d records (%d tables) in %.1f s; %d questions%n", records.size(), tables,
                (System.nanoTime() - start) / 1e9, QUESTIONS.size());
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    @Test
    void theSetIsLargeEnoughAndEveryLabelNamesARealRecord() {
        assertThat(tables).isGreaterThanOrEqualTo(200);
        assertThat(QUESTIONS).hasSizeGreaterThanOrEqualTo(100);
        for (Question q : QUESTIONS) {
            for (String expected : q.expected()) {
                assertThat(LABELS).as(q.text()).contains(q.datasource() + "/" + expected);
            }
        }
    }

    @Test
    void recallAndMrrPerModeStayAboveTheirFloors() throws IOException {
        Map<LuceneSearchIndex.Mode, double[]> measured = new EnumMap<>(LuceneSearchIndex.Mode.class);
        StringBuilder misses = new StringBuilder();
        for (LuceneSearchIndex.Mode mode : LuceneSearchIndex.Mode.values()) {
            double recall = 0;
            double reciprocalRanks = 0;
            for (Question q : QUESTIONS) {
                List<Collection> collections = q.expected().get(0).startsWith("qa:") ? ALL : SCHEMA;
                List<SearchHit> hits = index.search(TENANT, collections, q.datasource(), EMBEDDER.model(),
                        EMBEDDER.embed(q.text()), q.text(), 10, mode);
                List<String> found = hits.stream().map(h -> h.recordId().substring(q.datasource().length() + 1))
                        .toList();
                Set<String> inTop5 = new HashSet<>();
                int firstRank = 0;
                for (int rank = 0; rank < found.size(); rank++) {
                    for (String expected : q.expected()) {
                        if (answers(found.get(rank), expected)) {
                            if (rank < 5) {
                                inTop5.add(expected);
                            }
                            if (firstRank == 0) {
                                firstRank = rank + 1;
                            }
                        }
                    }
                }
                recall += (double) inTop5.size() / q.expected().size();
                reciprocalRanks += firstRank == 0 ? 0 : 1.0 / firstRank;
                if (mode == LuceneSearchIndex.Mode.HYBRID && firstRank != 1) {
                    misses.append(String.format("%s | %s | want %s | rank %d | got %s%n", q.datasource(), q.text(),
                            q.expected(), firstRank, found.subList(0, Math.min(5, found.size()))));
                }
            }
            measured.put(mode, new double[] {recall / QUESTIONS.size(), reciprocalRanks / QUESTIONS.size()});
        }
        Path report = Path.of("target", "retrieval-quality-misses.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, misses);
        measured.forEach((mode, m) -> System.out.printf("QUALITY %-7s recall@5 %.3f  MRR@10 %.3f  (%d questions)%n",
                mode, m[0], m[1], QUESTIONS.size()));
        measured.forEach((mode, m) -> {
            assertThat(m[0]).as(mode + " recall@5").isGreaterThanOrEqualTo(FLOORS.get(mode)[0]);
            assertThat(m[1]).as(mode + " MRR@10").isGreaterThanOrEqualTo(FLOORS.get(mode)[1]);
        });
    }

    /** A column answers its own label and its table's; a table record answers only its table. */
    private static boolean answers(String found, String expected) {
        return found.equals(expected) || found.startsWith(expected + ".") && !expected.contains(".")
                && !expected.startsWith("qa:");
    }

    private static InputStream resource(String name) {
        return RetrievalQualityIT.class.getResourceAsStream("/indexing-quality/" + name);
    }

    private static List<String[]> rows(String name) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resource(name), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
        }
        return rows;
    }
}
