package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.ChildHub;
import io.kavsak.hub.support.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas of one deployment: this test's hub and a real hub in a child JVM, on the same PostgreSQL and in
 * the same consumer groups for the platform's events (each event is handled, and each record embedded, once, by
 * whichever replica holds its partition), each with its own Lucene index fed by its own group on
 * {@code indexing.vector.changed}. Both answer the same hits through their own REST API after every change, and
 * the child, stopped and started again, rebuilds its index from {@code indexing.vectors} without embedding.
 * Prints {@code INDEX-REPLICAS} figures; asserts only an eventual bound, never a time. The child joins this hub's
 * groups rather than a pair of its own (no second Spring context); it leaves them by SIGTERM, at once, so no
 * partition of another test's events waits for a dead member's session to time out.
 */
class IndexingTwoReplicasIT extends HubIntegrationTest {

    private static final int CHANGES = 20;
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    /** A word no catalog text holds until the change that brings it: the question that names it finds that column. */
    private static final List<String> BIRDS = List.of("kestrel", "heron", "plover", "bittern", "curlew", "dunlin",
            "egret", "fulmar", "gannet", "hoopoe", "ibis", "jackdaw", "kittiwake", "lapwing", "merlin", "nightjar",
            "osprey", "puffin", "redshank", "siskin", "turnstone");
    private static final List<String> QUESTIONS = List.of("which country does the order ship to",
            "monthly pay of staff", "when must an invoice be paid", "customer email address",
            "loyalty programme level", "when was the order placed", "how much money is still owed",
            "which team does an employee work in");
    private static final Pattern REBUILT = Pattern.compile(
            "search index rebuilt from the vector store: (\\d+) vectors in (\\d+) ms");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;
    @Autowired
    Admin kafkaAdmin;
    @Autowired
    SearchIndexGroup searchIndexGroup;

    private String tenant;
    private String admin;
    private String user;

    @Test
    void twoReplicasAnswerAlikeAfterEveryChangeAndARestartedOneRebuildsWithoutEmbedding() throws Exception {
        tenant = "idx2-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        admin = TOKENS.admin("admin-1", tenant);
        user = TOKENS.user("nl2sql", tenant);
        String intakeGroup = environment.getRequiredProperty("camel.component.kafka.group-id");
        String childReplica = "child-" + UUID.randomUUID().toString().substring(0, 8);
        // a replica of this deployment: the same database and event groups; its own search-index group (its pod name)
        Map<String, String> replica = Map.of(
                "camel.component.kafka.group-id", intakeGroup,
                "kavsak.recall.consumer-group", environment.getProperty("kavsak.recall.consumer-group", "kavsak-recall"),
                "kavsak.indexing.replica-id", childReplica);
        Path logs = Path.of("target", "indexing-two-replicas").toAbsolutePath();
        int intakeMembers = members(intakeGroup);

        ChildHub child = ChildHub.start(logs.resolve("child.log"), replica);
        try {
            // each replica applies vector changes in its own group; both are in the one intake group
            String childGroup = "kavsak-search-index-" + childReplica;
            assertThat(childGroup).isNotEqualTo(searchIndexGroup.id());
            await().atMost(EVENTUALLY).until(() -> members(childGroup) == 1 && members(searchIndexGroup.id()) == 1
                    && members(intakeGroup) > intakeMembers);
            int[] ports = {port, child.port()};

            // ---- a catalog written through both replicas' APIs, indexed once, answered alike
            List<String[]> columns = catalog(ports);
            await().atMost(Duration.ofSeconds(120)).until(() -> vectors() == 16);
            for (String question : QUESTIONS) {
                await().atMost(EVENTUALLY).until(() -> sameOnBoth(ports, question),
                        both -> both != null && both.size() == 5);
            }

            // ---- N description changes, alternately through each replica: both answer the new top hit
            // the counters are the JVM's: wait until no earlier test's records are still being embedded
            double[] last = {-1};
            int childManagementPort = child.managementPort();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                double now = embedded(managementPort) + embedded(childManagementPort);
                boolean settled = now == last[0];
                last[0] = now;
                return settled;
            });
            double hubBefore = embedded(managementPort);
            double childBefore = embedded(child.managementPort());
            long[] lags = new long[CHANGES];
            for (int i = 0; i < CHANGES; i++) {
                String[] column = columns.get(i % columns.size());
                String bird = BIRDS.get(i);
                lags[i] = describe(ports[i % 2], column, bird, ports);
                assertThat(sameOnBoth(ports, bird)).as("both replicas, %s", bird).isNotNull().startsWith(column[0]);
            }
            double byHub = embedded(managementPort) - hubBefore;
            double byChild = embedded(child.managementPort()) - childBefore;
            assertThat(byHub + byChild).as("each change embedded once, by one replica").isEqualTo(CHANGES);
            List<String> questions = new ArrayList<>(QUESTIONS);
            questions.addAll(BIRDS);
            for (String question : questions) {
                assertThat(sameOnBoth(ports, question)).as("both replicas, %s", question).isNotNull();
            }
            Arrays.sort(lags);
            System.out.printf(Locale.ROOT, "INDEX-REPLICAS change->searchable p50=%dms p99=%dms max=%dms on both "
                    + "replicas (n=%d; PUT answered -> the changed column is the top hit on both; embedded by this "
                    + "hub %.0f, by the child %.0f)%n", lags[(CHANGES - 1) / 2],
                    lags[(int) Math.ceil(CHANGES * 0.99) - 1], lags[CHANGES - 1], CHANGES, byHub, byChild);

            // ---- the child stops (SIGTERM); a change meanwhile reaches only this hub and PostgreSQL
            child.stop();
            describe(port, columns.get(CHANGES % columns.size()), BIRDS.get(CHANGES), new int[] {port});
            Map<String, List<String>> answers = new LinkedHashMap<>();
            for (String question : questions) {
                answers.put(question, hits(port, question));
            }
            Map<String, List<Object>> rows = rows();
            int stored = jdbc.queryForObject("select count(*) from indexing.vectors", Integer.class);

            // ---- started again on the same database: the index is rebuilt from it, nothing is embedded
            long starting = System.nanoTime();
            child = ChildHub.start(logs.resolve("child-restarted.log"), replica);
            long ready = (System.nanoTime() - starting) / 1_000_000;
            Matcher rebuilt = REBUILT.matcher(Files.readString(logs.resolve("child-restarted.log")));
            assertThat(rebuilt.find()).as("the restarted child logs its rebuild").isTrue();
            assertThat(embedded(child.managementPort())).as("embedded by the restarted child").isZero();
            assertThat(rows()).as("the tenant's vectors: same hashes, not written again").isEqualTo(rows);
            assertThat(Integer.parseInt(rebuilt.group(1))).as("rebuilt from every stored vector").isEqualTo(stored);
            for (Map.Entry<String, List<String>> answer : answers.entrySet()) {
                assertThat(hits(child.port(), answer.getKey())).as("restarted child: %s", answer.getKey())
                        .isEqualTo(answer.getValue());
                assertThat(hits(port, answer.getKey())).as("this hub: %s", answer.getKey())
                        .isEqualTo(answer.getValue());
            }
            System.out.printf("INDEX-REPLICAS restart: %s vectors rebuilt from PostgreSQL in %s ms, 0 embedded, ready"
                    + " %d ms after its JVM started; %d questions answered as before (one change made while it was"
                    + " down included)%n", rebuilt.group(1), rebuilt.group(2), ready, answers.size());
        } finally {
            // leaves the shared groups at once (a killed member would hold its partitions for a session timeout)
            child.stop();
        }
    }

    /** 4 tables and 12 columns written through both replicas; each column's id, name and type. */
    private List<String[]> catalog(int[] ports) {
        String orders = create(ports[0], "/api/v1/catalog/objects", """
                {"datasource_id": "ds-1", "object_name": "sales.orders", "description": "One row per customer order"}""");
        String customers = create(ports[0], "/api/v1/catalog/objects", """
                {"datasource_id": "ds-1", "object_name": "crm.customers", "description": "People who buy from us"}""");
        String employees = create(ports[1], "/api/v1/catalog/objects", """
                {"datasource_id": "ds-2", "object_name": "hr.employees", "description": "Staff records"}""");
        String invoices = create(ports[1], "/api/v1/catalog/objects", """
                {"datasource_id": "ds-2", "object_name": "finance.invoices", "description": "Bills sent to customers"}""");
        String[][] columns = {
            {orders, "order_total", "numeric(12,2)", "Order total including VAT"},
            {orders, "shipping_country", "text", "Country the order ships to"},
            {orders, "ordered_at", "timestamptz", "When the customer placed the order"},
            {customers, "email", "varchar(320)", "Where receipts are sent"},
            {customers, "loyalty_tier", "text", "Bronze, silver or gold"},
            {customers, "signup_date", "date", "Day the customer created an account"},
            {employees, "salary", "numeric", "Monthly gross salary"},
            {employees, "hired_on", "date", "First working day"},
            {employees, "department", "text", "Team the employee belongs to"},
            {invoices, "due_date", "date", "When the invoice must be paid"},
            {invoices, "amount_due", "numeric", "Amount still owed"},
            {invoices, "paid_at", "timestamptz", "When the payment arrived"}};
        List<String[]> created = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            String[] c = columns[i];
            created.add(new String[] {create(ports[i % 2], "/api/v1/catalog/objects/" + c[0] + "/columns",
                    "{\"column_name\": \"%s\", \"data_type\": \"%s\", \"description\": \"%s\"}"
                            .formatted(c[1], c[2], c[3])), c[1], c[2]});
        }
        return created;
    }

    private String create(int port, String path, String body) {
        HttpResponse<String> response = call(port, "POST", path, admin, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response).path("id").asText();
    }

    /** The 5 best hits from one replica's own REST API. */
    private JsonNode search(int port, String question) {
        HttpResponse<String> response = call(port, "POST", "/api/v1/search", user,
                "{\"question\": \"" + question + "\", \"k\": 5}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response).path("hits");
    }

    /** Record ids of the 5 best hits, in order. */
    private List<String> hits(int port, String question) {
        List<String> ids = new ArrayList<>();
        search(port, question).forEach(hit -> ids.add(hit.path("record_id").asText()));
        return ids;
    }

    /** Whether a replica's best hit for the bird is the column, with the description that names the bird. */
    private boolean answers(int port, String bird, String column) {
        JsonNode top = search(port, bird).path(0);
        return top.path("record_id").asText().equals(column) && top.path("text").asText().contains(bird);
    }

    /** The hits both replicas give, when they give the same; null when they differ. */
    private List<String> sameOnBoth(int[] ports, String question) {
        List<String> first = hits(ports[0], question);
        return first.equals(hits(ports[1], question)) ? first : null;
    }

    /**
     * Gives the column a description naming the bird, through the replica at {@code port}; polls the replicas
     * until each one's top hit for the bird is that column. Milliseconds from the answer to the later of them.
     */
    private long describe(int port, String[] column, String bird, int[] ports) {
        HttpResponse<String> put = call(port, "PUT", "/api/v1/catalog/columns/" + column[0], admin,
                "{\"column_name\": \"%s\", \"data_type\": \"%s\", \"description\": \"Counts %s per region\"}"
                        .formatted(column[1], column[2], bird));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        long started = System.nanoTime();
        long[] found = new long[ports.length];
        await().atMost(EVENTUALLY).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (int r = 0; r < ports.length; r++) {
                if (found[r] == 0 && answers(ports[r], bird, column[0])) {
                    found[r] = System.nanoTime();
                }
            }
            return Arrays.stream(found).allMatch(t -> t != 0);
        });
        return (Arrays.stream(found).max().orElseThrow() - started) / 1_000_000;
    }

    private int vectors() {
        return jdbc.queryForObject("select count(*) from indexing.vectors where tenant_id = ?", Integer.class, tenant);
    }

    /** The tenant's vector rows: content hash, model and the time each was last written. */
    private Map<String, List<Object>> rows() {
        Map<String, List<Object>> rows = new LinkedHashMap<>();
        jdbc.query("select record_id, content_hash, model, updated_at from indexing.vectors where tenant_id = ? "
                + "order by record_id", rs -> {
                    rows.put(rs.getString(1), List.of(rs.getString(2), rs.getString(3), rs.getTimestamp(4)));
                }, tenant);
        return rows;
    }

    /** {@code kavsak_indexing_embedded_total} of one replica, all collections, from its Prometheus endpoint. */
    private double embedded(int managementPort) {
        String metrics = call(managementPort, "GET", "/actuator/prometheus", null, null).body();
        return metrics.lines().filter(line -> line.startsWith("kavsak_indexing_embedded_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Members of a consumer group right now. */
    private int members(String group) throws Exception {
        ConsumerGroupDescription description = kafkaAdmin.describeConsumerGroups(List.of(group)).describedGroups()
                .get(group).get(10, TimeUnit.SECONDS);
        return description.members().size();
    }
}
