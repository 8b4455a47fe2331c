package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class CatalogApiIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    private static String newTenant() {
        return "cat-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The seed's events a tenant's writes emitted, in order, as the hub's own intake received them. */
    private List<JsonNode> events(String tenant) {
        List<String> ids = jdbc.queryForList("""
                select event_id from outbox_event where tenant_id = ? and event_type <> 'indexing.vector.changed'
                order by id""", String.class, tenant);
        return ids.stream().map(id -> {
            // the relay blanks a published payload; the intake keeps what it received
            String payload = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                    "select payload from inbox_event where event_id = ?", String.class, id), p -> !p.isEmpty()).get(0);
            try {
                return JSON.readTree(payload);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private int eventCount(String tenant) {
        return jdbc.queryForObject("""
                select count(*) from outbox_event where tenant_id = ? and event_type <> 'indexing.vector.changed'
                """, Integer.class, tenant);
    }

    @Test
    void everyCatalogWriteEmitsTheSeedsEventThroughTheOutbox() {
        String tenant = newTenant();
        registerTenant(tenant);
        String admin = TOKENS.admin("admin-1", tenant);

        HttpResponse<String> object = call("POST", "/api/v1/catalog/objects", admin, """
                {"datasource_id": "ds-1", "object_name": "sales.orders", "display_name": "Orders",
                 "description": "One row per customer order"}""");
        assertThat(object.statusCode()).as(object.body()).isEqualTo(201);
        String objectId = jsonOf(object).path("id").asText();

        HttpResponse<String> column = call("POST", "/api/v1/catalog/objects/" + objectId + "/columns", admin, """
                {"column_name": "order_total", "data_type": "numeric(12,2)", "logical_type": "currency",
                 "description": "Total with VAT"}""");
        assertThat(column.statusCode()).as(column.body()).isEqualTo(201);
        String columnId = jsonOf(column).path("id").asText();
        assertThat(call("PUT", "/api/v1/catalog/columns/" + columnId, admin, """
                {"column_name": "order_total", "data_type": "numeric(12,2)", "description": "Total without VAT"}""")
                .statusCode()).isEqualTo(200);

        JsonNode read = jsonOf(call("GET", "/api/v1/catalog/objects/" + objectId, admin, null));
        assertThat(read.path("columns").get(0).path("description").asText()).isEqualTo("Total without VAT");

        HttpResponse<String> index = call("POST", "/api/v1/catalog/index", admin, "{\"datasource_ids\": [\"ds-1\"]}");
        assertThat(index.statusCode()).as(index.body()).isEqualTo(202);
        String jobId = jsonOf(index).path("job_id").asText();
        String ruleId = jsonOf(call("POST", "/api/v1/context/business-rules", admin,
                "{\"name\": \"Active customer\", \"description\": \"Ordered in the last 90 days\"}")).path("id").asText();
        assertThat(call("DELETE", "/api/v1/context/business-rules/" + ruleId, admin, null).statusCode()).isEqualTo(204);
        HttpResponse<String> golden = call("POST", "/api/v1/context/golden-qa", admin, """
                {"datasource_id": "ds-1", "query_run_id": "run-1", "question_text": "Total sales?",
                 "sql_text": "select sum(order_total) from sales.orders"}""");
        assertThat(golden.statusCode()).as(golden.body()).isEqualTo(201);
        HttpResponse<String> feedback = call("POST", "/api/v1/context/query-feedback", admin, """
                {"query_run_id": "run-2", "feedback_type": "business_wrong", "feedback_text": "Exclude refunds"}""");
        assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(201);
        assertThat(call("DELETE", "/api/v1/catalog/objects/" + objectId, admin, null).statusCode()).isEqualTo(204);

        List<JsonNode> events = events(tenant);
        assertThat(events).extracting(e -> e.path("event_type").asText() + " " + e.path("change_type").asText(""))
                .containsExactly("schema.object.changed created", "schema.column.changed created",
                        "schema.column.changed updated", "schema.index.requested ",
                        "context.business-rule.changed created", "context.business-rule.changed deleted",
                        "context.golden-qa.created ", "context.query-feedback.created ",
                        "schema.object.changed deleted");
        assertThat(events.get(1).path("exposed_object_id").asText()).isEqualTo(objectId);
        assertThat(events.get(1).path("exposed_column_id").asText()).isEqualTo(columnId);
        assertThat(events.get(1).path("datasource_id").asText()).isEqualTo("ds-1");
        assertThat(events.get(3).path("datasource_ids").get(0).asText()).isEqualTo("ds-1");
        // the index job is named by the event it emitted
        assertThat(events.get(3).path("event_id").asText()).isEqualTo(jobId);
        assertThat(events.get(6).path("golden_qa_id").asText()).isEqualTo(jsonOf(golden).path("id").asText());
        assertThat(events.get(6).path("created_by_user_id").asText()).isEqualTo("admin-1");
        assertThat(events.get(7).path("feedback_id").asText()).isEqualTo(jsonOf(feedback).path("id").asText());
        // the cascade took the column with the object
        assertThat(jdbc.queryForObject("select count(*) from catalog.exposed_columns where tenant_id = ?",
                Integer.class, tenant)).isZero();

    }

    @Test
    void anotherTenantsCatalogIsAbsentAndAFailedWriteEmitsNothing() {
        String mine = newTenant();
        String theirs = newTenant();
        registerTenant(mine);
        registerTenant(theirs);
        String objectId = jsonOf(call("POST", "/api/v1/catalog/objects", TOKENS.admin("a", theirs),
                "{\"datasource_id\": \"ds-1\", \"object_name\": \"hr.salaries\"}")).path("id").asText();

        String admin = TOKENS.admin("a", mine);
        assertThat(call("GET", "/api/v1/catalog/objects/" + objectId, admin, null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/api/v1/catalog/objects/" + objectId, admin,
                "{\"datasource_id\": \"ds-1\", \"object_name\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/catalog/objects/" + objectId, admin, null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/catalog/objects/" + objectId + "/columns", admin,
                "{\"column_name\": \"c\", \"data_type\": \"text\"}").statusCode()).isEqualTo(404);

        HttpResponse<String> invalid = call("POST", "/api/v1/catalog/objects", admin, "{\"datasource_id\": \"ds-1\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(call("POST", "/api/v1/catalog/objects", TOKENS.user("u", mine),
                "{\"datasource_id\": \"ds-1\", \"object_name\": \"t\"}").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/catalog/objects", admin,
                "{\"datasource_id\": \"ds-1\", \"object_name\": \"t\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> duplicate = call("POST", "/api/v1/catalog/objects", admin,
                "{\"datasource_id\": \"ds-1\", \"object_name\": \"t\"}");
        assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(409);

        assertThat(eventCount(mine)).isEqualTo(1);
        assertThat(eventCount(theirs)).isEqualTo(1);
    }

    @Test
    void endedIndexJobsGoAfterTheirRetentionAndNothingElseDoes() {
        String tenant = newTenant();
        // ended 31 days ago (done, failed), ended yesterday, and still running or queued since long ago
        String[][] jobs = {{"old-done", "done", "31"}, {"old-failed", "failed", "31"}, {"recent-done", "done", "1"},
            {"old-running", "running", null}, {"old-queued", "queued", null}};
        for (String[] job : jobs) {
            jdbc.update("""
                    insert into indexing.index_jobs (job_id, tenant_id, status, requested_at, finished_at)
                    values (?, ?, ?, now() - interval '40 days',
                            now() - make_interval(days => cast(? as int)))""",
                    tenant + "-" + job[0], tenant, job[1], job[2]);
        }
        int deleted = jobStore.purgeFinishedBefore(java.time.Instant.now().minus(Duration.ofDays(30)));

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForList("select job_id from indexing.index_jobs where tenant_id = ? order by job_id",
                String.class, tenant)).containsExactly(tenant + "-old-queued", tenant + "-old-running",
                tenant + "-recent-done");
    }

    @Autowired
    IndexJobStore jobStore;
}
