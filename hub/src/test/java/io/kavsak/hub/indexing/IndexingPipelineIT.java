package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.KafkaProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class IndexingPipelineIT extends HubIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

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
