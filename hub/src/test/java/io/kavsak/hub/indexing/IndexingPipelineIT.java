package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.events.OutboxRelay;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class IndexingPipelineIT extends HubIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DataSource dataSource;

    private static String newTenant() {
        return "idx-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private KafkaProbe kafka() {
        return new KafkaProbe(services().kafka().getBrokersAsString());
    }

    private String create(String path, String token, String body) {
        HttpResponse<String> response = call("POST", path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response).path("id").asText();
    }

    private String column(String admin, String objectId, String name, String type, String logical, String description,
                          boolean pii) {
        return create("/api/v1/catalog/objects/" + objectId + "/columns", admin, """
                {"column_name": "%s", "data_type": "%s", "logical_type": "%s", "description": "%s", "is_pii": %s}"""
                .formatted(name, type, logical, description, pii));
    }

    private int vectors(String tenant) {
        return jdbc.queryForObject("select count(*) from indexing.vectors where tenant_id = ?", Integer.class, tenant);
    }

    private Map<String, Object> updatedAt(String tenant) {
        Map<String, Object> rows = new java.util.HashMap<>();
        jdbc.query("select record_id, updated_at from indexing.vectors where tenant_id = ?",
                rs -> { rows.put(rs.getString(1), rs.getTimestamp(2)); }, tenant);
        return rows;
    }

    private JsonNode search(String token, String question, int k) {
        HttpResponse<String> response = call("POST", "/api/v1/search", token,
                "{\"question\": \"" + question + "\", \"k\": " + k + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response).path("hits");
    }

    private static List<String> recordIds(JsonNode hits) {
        List<String> ids = new ArrayList<>();
        hits.forEach(hit -> ids.add(hit.path("record_id").asText()));
        return ids;
    }

    private double counter(String name) {
        return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void theCatalogIsIndexedIncrementallySearchableAtOnceAndNeverSeenByAnotherTenant() {
        String tenant = newTenant();
        String other = newTenant();
        registerTenant(tenant);
        registerTenant(other);
        String admin = TOKENS.admin("admin-1", tenant);

        String orders = create("/api/v1/catalog/objects", admin, """
                {"datasource_id": "ds-1", "object_name": "sales.orders", "display_name": "Orders",
                 "description": "One row per customer order"}""");
        column(admin, orders, "order_total", "numeric(12,2)", "currency", "Order total including VAT", false);
        String country = column(admin, orders, "shipping_country", "text", "country", "Country the order ships to",
                false);
        String customers = create("/api/v1/catalog/objects", admin, """
                {"datasource_id": "ds-1", "object_name": "crm.customers", "display_name": "Customers",
                 "description": "People who buy from us"}""");
        String email = column(admin, customers, "email", "varchar(320)", "email", "Where receipts are sent", true);
        String tier = column(admin, customers, "loyalty_tier", "text", "category", "Bronze, silver or gold", false);
        String employees = create("/api/v1/catalog/objects", admin, """
                {"datasource_id": "ds-2", "object_name": "hr.employees", "description": "Staff records"}""");
        column(admin, employees, "salary", "numeric", "currency", "Monthly gross salary", false);

        // the catalog's own events index it, record by record: 3 objects and 5 columns
        await().atMost(Duration.ofSeconds(90)).until(() -> vectors(tenant) == 8);
        assertThat(jdbc.queryForObject("select content from indexing.vectors where record_id = ?", String.class, email))
                .isEqualTo("Column crm.customers.email: Where receipts are sent");
        assertThat(jdbc.queryForObject("select model from indexing.vectors where record_id = ?", String.class, email))
                .isEqualTo(MiniLmEmbedder.MODEL);

        String user = TOKENS.user("nl2sql", tenant);
        await().atMost(Duration.ofSeconds(10)).until(() -> recordIds(search(user, "shipping_country", 3))
                .contains(country));
        assertThat(recordIds(search(user, "which country does the order ship to", 3)).get(0)).isEqualTo(country);

        // another tenant, with its own lookalike table, never sees this tenant's records
        String otherAdmin = TOKENS.admin("admin-2", other);
        create("/api/v1/catalog/objects", otherAdmin, "{\"datasource_id\": \"ds-1\", \"object_name\": \"sales.orders\"}");
        await().atMost(Duration.ofSeconds(60)).until(() -> vectors(other) == 1);
        List<String> mine = new ArrayList<>(updatedAt(tenant).keySet());
        // the search index follows the store within moments (indexing.vector.changed)
        JsonNode theirs = await().atMost(Duration.ofSeconds(10)).until(() -> search(TOKENS.user("u", other),
                "order shipping country customer email salary", 50), hits -> hits.size() >= 1);
        assertThat(theirs).hasSize(1);
        assertThat(recordIds(theirs)).doesNotContainAnyElementsOf(mine);

        // one column's description changes: that one record is embedded again, searchable within a second
        Map<String, Object> before = updatedAt(tenant);
        assertThat(call("PUT", "/api/v1/catalog/columns/" + tier, admin, """
                {"column_name": "loyalty_tier", "data_type": "text", "logical_type": "category",
                 "description": "Customer reward level in the loyalty programme"}""").statusCode()).isEqualTo(200);
        long changed = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> search(user,
                "customer reward level loyalty programme", 1).path(0).path("text").asText().contains("reward level"));
        System.out.printf("change -> searchable: %d ms%n", (System.nanoTime() - changed) / 1_000_000);
        Map<String, Object> after = updatedAt(tenant);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(Map.Entry::getKey)).containsExactly(tier);

        // a full index asked for again embeds nothing unchanged and duplicates nothing
        double unchanged = counter("kavsak.indexing.unchanged");
        assertThat(call("POST", "/api/v1/catalog/index", admin, "{\"datasource_ids\": [\"ds-1\", \"ds-2\"]}")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> counter("kavsak.indexing.unchanged") - unchanged >= 8);
        assertThat(updatedAt(tenant)).isEqualTo(after);

        // a disabled object leaves the index with its columns (full cleanup on the next index as well)
        assertThat(call("PUT", "/api/v1/catalog/objects/" + customers, admin, """
                {"datasource_id": "ds-1", "object_name": "crm.customers", "is_enabled": false}""").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> vectors(tenant) == 5);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(recordIds(search(user,
                "customer email loyalty", 20))).hasSize(5).doesNotContain(customers, email, tier));
    }

    private JsonNode indexJob(String token, String jobId) {
        HttpResponse<String> response = call("GET", "/api/v1/catalog/index-jobs/" + jobId, token, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response);
    }

    private JsonNode awaitJob(String token, String jobId, String status) {
        return jsonOf(await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() ->
                call("GET", "/api/v1/catalog/index-jobs/" + jobId, token, null), response -> response.statusCode() == 200
                && status.equals(jsonOf(response).path("status").asText())));
    }

    private String requestIndex(String admin, String datasource) {
        HttpResponse<String> response = call("POST", "/api/v1/catalog/index", admin,
                "{\"datasource_ids\": [\"" + datasource + "\"], \"reason\": \"test\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = jsonOf(response);
        String jobId = accepted.path("job_id").asText();
        assertThat(accepted.path("status").asText()).isEqualTo("queued");
        assertThat(accepted.path("status_url").asText()).isEqualTo("/api/v1/catalog/index-jobs/" + jobId);
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/catalog/index-jobs/" + jobId);
        return jobId;
    }

    @Test
    void aFullIndexIsAJobWhoseProgressIsReadWhileItRunsAndAskingAgainEmbedsNothing() throws Exception {
        String tenant = newTenant();
        String other = newTenant();
        registerTenant(tenant);
        registerTenant(other);
        String admin = TOKENS.admin("admin-1", tenant);
        // a catalog written by another service, without events: 2 tables of 249 columns = 500 records
        for (String table : List.of("erp.ledger", "erp.stock")) {
            String object = jdbc.queryForObject("""
                    insert into catalog.exposed_objects (tenant_id, datasource_id, object_name, description)
                    values (?, 'ds-big', ?, 'Wide table') returning id::text""", String.class, tenant, table);
            for (int c = 0; c < 249; c++) {
                jdbc.update("""
                        insert into catalog.exposed_columns (tenant_id, exposed_object_id, column_name, data_type,
                            description) values (?, ?::uuid, ?, 'numeric', ?)""", tenant, object, "measure_" + c,
                        "Measure number " + c + " of " + table);
            }
        }

        // while no outbox relay publishes (another replica holds its lock), the job is queued
        String first;
        try (Connection relayLock = dataSource.getConnection()) {
            relayLock.createStatement().execute("select pg_advisory_lock(" + OutboxRelay.RELAY_LOCK + ")");
            first = requestIndex(admin, "ds-big");
            JsonNode queued = indexJob(admin, first);
            assertThat(queued.path("status").asText()).isEqualTo("queued");
            assertThat(queued.path("datasource_ids").get(0).asText()).isEqualTo("ds-big");
            assertThat(queued.path("reason").asText()).isEqualTo("test");
            assertThat(queued.path("started_at").isNull()).isTrue();
            relayLock.createStatement().execute("select pg_advisory_unlock(" + OutboxRelay.RELAY_LOCK + ")");
        }

        // progress is committed on its own while the vectors are not yet: seen between two batches
        // (the vectors are counted before the job is read: a job still running then had committed none)
        List<String> seen = new ArrayList<>();
        Map.Entry<Integer, JsonNode> between = await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    int committed = vectors(tenant);
                    JsonNode job = indexJob(admin, first);
                    String state = job.path("status").asText() + " " + job.path("records_done").asInt() + "/"
                            + job.path("records_total").asText();
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                        seen.add(state);
                    }
                    return Map.entry(committed, job);
                }, read -> "running".equals(read.getValue().path("status").asText())
                        && read.getValue().path("records_done").asInt() > 0);
        assertThat(between.getValue().path("records_total").asInt()).isEqualTo(500);
        assertThat(between.getValue().path("records_done").asInt()).isEqualTo(IndexingConsumers.PROGRESS_EVERY);
        assertThat(between.getValue().path("embedded").asInt()).isEqualTo(IndexingConsumers.PROGRESS_EVERY);
        assertThat(between.getKey()).isZero();

        JsonNode done = awaitJob(admin, first, "done");
        // "done" commits with the vectors
        assertThat(vectors(tenant)).isEqualTo(500);
        assertThat(done.path("records_done").asInt()).isEqualTo(500);
        assertThat(done.path("records_total").asInt()).isEqualTo(500);
        assertThat(done.path("embedded").asInt()).isEqualTo(500);
        assertThat(done.path("removed").asInt()).isZero();
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(Instant.parse(done.path("finished_at").asText()))
                .isAfterOrEqualTo(Instant.parse(done.path("started_at").asText()));
        System.out.println("INDEX-JOB states seen: " + seen);
        Map<String, Object> vectorsBefore = updatedAt(tenant);

        // asked for again: a new job that embeds nothing and duplicates nothing
        String second = requestIndex(admin, "ds-big");
        assertThat(second).isNotEqualTo(first);
        JsonNode again = awaitJob(admin, second, "done");
        assertThat(again.path("records_done").asInt()).isEqualTo(500);
        assertThat(again.path("embedded").asInt()).isZero();
        assertThat(updatedAt(tenant)).isEqualTo(vectorsBefore);

        // the first event delivered again (same id): the inbox makes it a no-op and its job keeps its one row
        String firstEvent = jdbc.queryForObject("select payload from inbox_event where event_id = ? and consumer = "
                + "'event-intake'", String.class, first);
        kafka().send("schema.index.requested", tenant, firstEvent);
        // events of other services: a blank datasource id fails in the consumer, an empty list at the intake;
        // both are dead-lettered and their jobs failed with the reason (same partition, after the redelivery)
        String blank = UUID.randomUUID().toString();
        String empty = UUID.randomUUID().toString();
        String nul = UUID.randomUUID().toString();
        // a NUL (which PostgreSQL text cannot hold) in an id: refused by the consumer, its job still recorded
        for (String[] bad : List.of(new String[] {blank, "[\"\"]"}, new String[] {empty, "[]"},
                new String[] {nul, "[\"ds\\u0000x\"]"})) {
            kafka().send("schema.index.requested", tenant, """
                    {"event_id": "%s", "event_type": "schema.index.requested", "tenant_id": "%s",
                     "datasource_ids": %s, "reason": "onboarding_completed", "requested_at": "2025-12-05T10:00:00Z"}
                    """.formatted(bad[0], tenant, bad[1]));
        }
        JsonNode failed = awaitJob(admin, empty, "failed");
        assertThat(failed.path("error").asText()).contains("datasource_ids");
        JsonNode failedInConsumer = awaitJob(admin, blank, "failed");
        assertThat(failedInConsumer.path("error").asText()).isEqualTo("'datasource_ids' lists at least one id");
        assertThat(failedInConsumer.path("reason").asText()).isEqualTo("onboarding_completed");
        JsonNode failedOnNul = awaitJob(admin, nul, "failed");
        assertThat(failedOnNul.path("error").asText()).contains("no control characters");
        assertThat(failedOnNul.path("datasource_ids").get(0).asText()).isEqualTo("dsx");

        JsonNode list = jsonOf(call("GET", "/api/v1/catalog/index-jobs?limit=10", admin, null));
        assertThat(list.path("jobs").findValuesAsText("job_id")).hasSize(5)
                .containsExactlyInAnyOrder(first, second, blank, empty, nul);
        List<String> requested = list.path("jobs").findValuesAsText("requested_at");
        assertThat(requested).as("newest first")
                .isSortedAccordingTo(java.util.Comparator.comparing(java.time.Instant::parse).reversed());
        assertThat(indexJob(admin, first)).isEqualTo(done);
        assertThat(jsonOf(call("GET", "/api/v1/catalog/index-jobs?limit=1", admin, null)).path("jobs")).hasSize(1);
        assertThat(call("GET", "/api/v1/catalog/index-jobs?limit=0", admin, null).statusCode()).isEqualTo(400);

        // another tenant's admin does not find it; a plain user of the tenant may not read jobs
        assertThat(call("GET", "/api/v1/catalog/index-jobs/" + first, TOKENS.admin("admin-2", other), null)
                .statusCode()).isEqualTo(404);
        assertThat(jsonOf(call("GET", "/api/v1/catalog/index-jobs", TOKENS.admin("admin-2", other), null))
                .path("jobs")).isEmpty();
        assertThat(call("GET", "/api/v1/catalog/index-jobs/" + first, TOKENS.user("u", tenant), null).statusCode())
                .isEqualTo(403);
    }

    @Test
    void theSeedsEventsFromOtherServicesAreHandledOnceAndBadOnesDeadLettered() {
        String tenant = newTenant();
        registerTenant(tenant);
        String admin = TOKENS.admin("admin-1", tenant);
        String object = create("/api/v1/catalog/objects", admin,
                "{\"datasource_id\": \"ds-uuid-1\", \"object_name\": \"sales.invoices\"}");
        String column = column(admin, object, "due_date", "date", "date", "When the invoice must be paid", false);
        await().atMost(Duration.ofSeconds(60)).until(() -> vectors(tenant) == 2);

        // another catalog service removed the column and announces it with the seed's example event
        jdbc.update("delete from catalog.exposed_columns where id = ?::uuid", column);
        kafka().send("schema.column.changed", tenant, """
                {
                  "event_type": "schema.column.changed",
                  "tenant_id": "%s",
                  "datasource_id": "ds-uuid-1",
                  "exposed_object_id": "%s",
                  "exposed_column_id": "%s",
                  "change_type": "deleted",
                  "changed_at": "2025-12-05T10:05:00Z"
                }""".formatted(tenant, object, column));
        await().atMost(Duration.ofSeconds(30)).until(() -> vectors(tenant) == 1);

        // the seed's golden QA example, for a pair the NL-to-SQL service stored
        String golden = jdbc.queryForObject("""
                insert into context.golden_qa (tenant_id, datasource_id, query_run_id, question_text, sql_text,
                    created_by_user_id) values (?, 'ds-uuid-1', 'query-run-uuid', 'Which invoices are overdue?',
                    'select * from sales.invoices where due_date < current_date', 'keycloak-sub') returning id::text
                """, String.class, tenant);
        kafka().send("context.golden-qa.created", tenant, """
                {
                  "event_type": "context.golden-qa.created",
                  "tenant_id": "%s",
                  "datasource_id": "ds-uuid-1",
                  "golden_qa_id": "%s",
                  "query_run_id": "query-run-uuid",
                  "created_by_user_id": "keycloak-sub",
                  "created_at": "2025-12-06T10:00:00Z"
                }""".formatted(tenant, golden));
        await().atMost(Duration.ofSeconds(30)).until(() -> vectors(tenant) == 2);
        JsonNode hits = await().atMost(Duration.ofSeconds(5)).until(() -> search(TOKENS.user("u", tenant),
                "overdue invoices", 1), found -> golden.equals(found.path(0).path("record_id").asText()));
        assertThat(hits.path(0).path("collection").asText()).isEqualTo("golden_qa");

        // the seed's example verbatim: its placeholder ids name no record, so it is accepted and changes nothing
        String placeholder = """
                {
                  "event_type": "schema.object.changed",
                  "tenant_id": "%s",
                  "datasource_id": "ds-uuid-1",
                  "exposed_object_id": "obj-uuid",
                  "change_type": "updated",
                  "changed_at": "2025-12-05T10:00:00Z"
                }""".formatted(tenant);
        kafka().send("schema.object.changed", tenant, placeholder);
        // a malformed one (a change_type the seed does not have) goes to the dead-letter store
        kafka().send("schema.object.changed", tenant, placeholder.replace("\"updated\"", "\"renamed\""));
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from dead_letter where tenant_id = ? and event_type = 'schema.object.changed'",
                Integer.class, tenant) == 1);
        assertThat(jdbc.queryForObject("select count(*) from inbox_event where tenant_id = ? and payload like ?",
                Integer.class, tenant, "%obj-uuid%")).isEqualTo(1);
        assertThat(vectors(tenant)).isEqualTo(2);

        // query.run.completed: audited once however often it arrives, and counted
        String run = """
                {
                  "event_type": "query.run.completed",
                  "tenant_id": "%s",
                  "user_id": "keycloak-sub",
                  "query_run_id": "query-run-uuid",
                  "datasource_id": "ds-uuid-1",
                  "status": "succeeded",
                  "row_count": 123,
                  "error_code": null,
                  "error_message": null,
                  "started_at": "2025-12-06T10:10:00Z",
                  "finished_at": "2025-12-06T10:10:02Z",
                  "request_id": "req-uuid"
                }""".formatted(tenant);
        kafka().send("query.run.completed", tenant, run);
        kafka().send("query.run.completed", tenant, run);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from audit.query_runs where tenant_id = ?", Integer.class, tenant) == 1);
        assertThat(jdbc.queryForMap("select row_count, duration_ms, user_id from audit.query_runs where tenant_id = ?",
                tenant)).containsEntry("row_count", 123L).containsEntry("duration_ms", 2000L)
                .containsEntry("user_id", "keycloak-sub");
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.find("kavsak.query.runs").tag("tenant", tenant)
                .counter() != null);
        assertThat(meters.find("kavsak.query.runs").tag("tenant", tenant).tag("status", "succeeded").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.find("kavsak.query.run.duration").tag("tenant", tenant).timer().totalTime(
                java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(2000.0);
    }
}
