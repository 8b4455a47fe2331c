package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.OwnHub;
import io.kavsak.hub.support.KafkaProbe;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The catalog and context read from an existing Metadata DB (a second database on the embedded PostgreSQL
 * with the seed's layout), written by plain SQL and announced by the seed's events from a plain producer.
 */
class ExternalMetadataDbIT extends HubIntegrationTest {

    private static final String DATABASE = "kavsak_external_metadata_db";

    @Autowired
    JdbcTemplate hub;

    @DynamicPropertySource
    static void externalMetadataDb(DynamicPropertyRegistry registry) {
        registry.add("kavsak.indexing.metadata.url", ExternalMetadataDbIT::metadataDatabase);
        registry.add("kavsak.indexing.metadata.username", () -> "postgres");
        registry.add("kavsak.indexing.metadata.password", () -> "postgres");
        // a hub of its own in the test JVM: the shared hubs, not finding these records in their catalog, would
        // delete its vectors
        OwnHub.isolate(registry, "external-metadata");
    }

    private static String url() {
        return OwnHub.url(DATABASE);
    }

    /** The Metadata DB, created once: a tenants table and the hub's own migration of its tables, verbatim. */
    private static synchronized String metadataDatabase() {
        String url = OwnHub.database(DATABASE);
        try (Connection meta = DriverManager.getConnection(url, "postgres", "postgres");
             Statement ddl = meta.createStatement()) {
            java.sql.ResultSet exists = ddl.executeQuery("select to_regclass('public.tenant') is not null");
            exists.next();
            if (!exists.getBoolean(1)) {
                ddl.execute("create table tenant (tenant_id text primary key)");
                ddl.execute(new ClassPathResource("db/migration/V60__indexing_metadata.sql")
                        .getContentAsString(StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    private static JdbcTemplate external() {
        return new JdbcTemplate(new DriverManagerDataSource(url(), "postgres", "postgres"));
    }

    private int vectors(String tenant) {
        return hub.queryForObject("select count(*) from indexing.vectors where tenant_id = ?", Integer.class, tenant);
    }

    private JsonNode search(String token, String question) {
        HttpResponse<String> response = call("POST", "/api/v1/search", token,
                "{\"question\": \"" + question + "\", \"k\": 3}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response).path("hits");
    }

    @Test
    void rowsOfAnExternalMetadataDbAnnouncedByOtherServicesBecomeSearchableAndTheWriteApiIsOff() {
        String tenant = "ext-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(),
                "{\"display_name\": \"External\", \"privacy_contact\": \"privacy@" + tenant + ".test\"}").statusCode())
                .isEqualTo(201);
        String orders = UUID.randomUUID().toString();
        String country = UUID.randomUUID().toString();
        String rule = UUID.randomUUID().toString();
        String golden = UUID.randomUUID().toString();
        String feedback = UUID.randomUUID().toString();
        JdbcTemplate meta = external();
        meta.update("insert into tenant values (?)", tenant);
        meta.update("""
                insert into catalog.exposed_objects (id, tenant_id, datasource_id, object_name, display_name, description)
                values (?::uuid, ?, 'ds-1', 'sales.orders', 'Orders', 'One row per customer order')""", orders, tenant);
        meta.update("""
                insert into catalog.exposed_columns (id, tenant_id, exposed_object_id, column_name, data_type,
                    logical_type, description) values (?::uuid, ?, ?::uuid, 'shipping_country', 'text', 'country',
                    'Country the order ships to')""", country, tenant, orders);
        meta.update("insert into context.business_rules (id, tenant_id, name, description) values (?::uuid, ?,"
                + " 'Active customer', 'A customer with an order in the last 90 days')", rule, tenant);
        meta.update("""
                insert into context.golden_qa (id, tenant_id, datasource_id, query_run_id, question_text, sql_text,
                    created_by_user_id) values (?::uuid, ?, 'ds-1', 'run-1', 'Orders per month?',
                    'select date_trunc(''month'', ordered_at), count(*) from sales.orders group by 1', 'u-1')""",
                golden, tenant);
        meta.update("""
                insert into context.query_feedback (id, tenant_id, query_run_id, feedback_type, feedback_text,
                    created_by_user_id) values (?::uuid, ?, 'run-2', 'business_wrong', 'Exclude cancelled orders', 'u-2')""",
                feedback, tenant);

        // the seed's events, as the catalog and context services would produce them
        KafkaProbe kafka = new KafkaProbe(services().kafka().getBrokersAsString());
        kafka.send("schema.index.requested", tenant, """
                {"event_type": "schema.index.requested", "tenant_id": "%s", "datasource_ids": ["ds-1"],
                 "reason": "onboarding_completed", "requested_at": "2025-12-04T09:30:05Z"}""".formatted(tenant));
        kafka.send("context.business-rule.changed", tenant, """
                {"event_type": "context.business-rule.changed", "tenant_id": "%s", "business_rule_id": "%s",
                 "change_type": "created", "changed_at": "2025-12-06T09:15:00Z"}""".formatted(tenant, rule));
        kafka.send("context.golden-qa.created", tenant, """
                {"event_type": "context.golden-qa.created", "tenant_id": "%s", "datasource_id": "ds-1",
                 "golden_qa_id": "%s", "query_run_id": "run-1", "created_by_user_id": "u-1",
                 "created_at": "2025-12-06T10:00:00Z"}""".formatted(tenant, golden));
        kafka.send("context.query-feedback.created", tenant, """
                {"event_type": "context.query-feedback.created", "tenant_id": "%s", "query_run_id": "run-2",
                 "feedback_id": "%s", "feedback_type": "business_wrong", "created_by_user_id": "u-2",
                 "created_at": "2025-12-06T10:05:00Z"}""".formatted(tenant, feedback));

        await().atMost(Duration.ofSeconds(180)).until(() -> vectors(tenant) == 5);
        assertThat(hub.queryForObject("select count(*) from catalog.exposed_objects where tenant_id = ?",
                Integer.class, tenant)).as("nothing of it is in the hub's own tables").isZero();
        String user = TOKENS.user("nl2sql", tenant);
        await().atMost(Duration.ofSeconds(10)).until(() -> search(user, "which country does the order ship to")
                .path(0).path("record_id").asText().equals(country));
        assertThat(search(user, "active customer definition").toString()).contains(rule);

        // the API reads the external catalog (and caches it); every write answers 409
        String admin = TOKENS.admin("admin-1", tenant);
        HttpResponse<String> read = call("GET", "/api/v1/catalog/objects/" + orders, admin, null);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(jsonOf(read).path("columns").path(0).path("column_name").asText()).isEqualTo("shipping_country");
        for (HttpResponse<String> write : java.util.List.of(
                call("POST", "/api/v1/catalog/objects", admin, "{\"datasource_id\": \"ds-1\", \"object_name\": \"x\"}"),
                call("PUT", "/api/v1/catalog/columns/" + country, admin,
                        "{\"column_name\": \"shipping_country\", \"data_type\": \"text\"}"),
                call("DELETE", "/api/v1/catalog/objects/" + orders, admin, null),
                call("POST", "/api/v1/context/golden-qa", user,
                        "{\"datasource_id\": \"ds-1\", \"question_text\": \"q?\", \"sql_text\": \"select 1\"}"))) {
            assertThat(write.statusCode()).as(write.body()).isEqualTo(409);
            assertThat(write.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(jsonOf(write).path("title").asText()).isEqualTo("Catalog is external");
        }
        assertThat(call("DELETE", "/api/v1/catalog/objects/" + orders, TOKENS.user("u-9", tenant), null).statusCode())
                .as("a non-admin is still told 403 first").isEqualTo(403);

        // another service changes a column and announces it: searchable, nothing else re-embedded
        meta.update("update catalog.exposed_columns set description = 'Destination country for delivery',"
                + " updated_at = now() where id = ?::uuid", country);
        kafka.send("schema.column.changed", tenant, """
                {"event_type": "schema.column.changed", "tenant_id": "%s", "datasource_id": "ds-1",
                 "exposed_object_id": "%s", "exposed_column_id": "%s", "change_type": "updated",
                 "changed_at": "2025-12-05T10:05:00Z"}""".formatted(tenant, orders, country));
        await().atMost(Duration.ofSeconds(30)).until(() -> search(user, "destination country for delivery")
                .path(0).path("text").asText().contains("Destination country"));

        // a recall of the feedback's author drops its vector; the external row is its owner's to delete
        HttpResponse<String> recall = call("POST", "/api/v1/consent/recall", TOKENS.user("u-2", tenant),
                "{\"mode\": \"FULL_EXCLUDE\"}");
        assertThat(recall.statusCode()).as(recall.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> hub.queryForObject(
                "select count(*) from indexing.vectors where record_id = ?", Integer.class, feedback) == 0);
        assertThat(meta.queryForObject("select count(*) from context.query_feedback where id = ?::uuid",
                Integer.class, feedback)).isEqualTo(1);
    }
}
