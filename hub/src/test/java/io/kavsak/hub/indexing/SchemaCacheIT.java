package io.kavsak.hub.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/** The seed's schema cache on the real embedded Redis, kept by the schema events and read first by the API. */
class SchemaCacheIT extends HubIntegrationTest {

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    private static final ObjectMapper JSON = new ObjectMapper();

    private String create(String path, String token, String body) {
        HttpResponse<String> response = call("POST", path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response).path("id").asText();
    }

    private JsonNode cached(String tenant, String objectId) throws Exception {
        String value = redis.opsForValue().get(SchemaCache.objectKey(tenant, objectId));
        return value == null ? null : JSON.readTree(value);
    }

    private JsonNode get(String admin, String objectId) {
        HttpResponse<String> response = call("GET", "/api/v1/catalog/objects/" + objectId, admin, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response);
    }

    private double reads(String result) {
        return meters.find("kavsak.schema.cache.reads").tag("result", result).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void theCacheHoldsEachEnabledObjectWithItsColumnsFollowsTheEventsAndIsReadFirst() throws Exception {
        String tenant = "cache-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        String admin = TOKENS.admin("admin-1", tenant);
        String orders = create("/api/v1/catalog/objects", admin, """
                {"datasource_id": "ds-1", "object_name": "sales.orders", "description": "One row per order"}""");
        String total = create("/api/v1/catalog/objects/" + orders + "/columns", admin, """
                {"column_name": "order_total", "data_type": "numeric", "description": "Total with VAT"}""");

        // written with its columns, under the tenant's hash tag, with the configured TTL
        await().atMost(Duration.ofSeconds(30)).until(() -> cached(tenant, orders) != null
                && cached(tenant, orders).path("columns").size() == 1);
        assertThat(SchemaCache.objectKey(tenant, orders)).isEqualTo("schema_object:{" + tenant + "}:" + orders);
        assertThat(cached(tenant, orders).path("columns").path(0).path("id").asText()).isEqualTo(total);
        assertThat(redis.getExpire(SchemaCache.objectKey(tenant, orders))).isBetween(1L, 24 * 3600L);
        assertThat(redis.opsForSet().members(SchemaCache.datasourceKey(tenant, "ds-1"))).containsExactly(orders);

        // GET reads the cache first: an entry changed behind the database's back is what it answers
        // (planted again if a schema event still in flight rewrote it in between)
        ObjectNode planted = (ObjectNode) cached(tenant, orders);
        planted.put("description", "planted in redis");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            redis.opsForValue().set(SchemaCache.objectKey(tenant, orders), planted.toString(), Duration.ofMinutes(5));
            double hits = reads("hit");
            assertThat(get(admin, orders).path("description").asText()).isEqualTo("planted in redis");
            assertThat(reads("hit")).isEqualTo(hits + 1);
        });

        // a column change refreshes the object's JSON (the admin's write at once, the event after it)
        assertThat(call("PUT", "/api/v1/catalog/columns/" + total, admin, """
                {"column_name": "order_total", "data_type": "numeric", "description": "Gross total"}""")
                .statusCode()).isEqualTo(200);
        JsonNode fresh = get(admin, orders);
        assertThat(fresh.path("description").asText()).isEqualTo("One row per order");
        assertThat(fresh.path("columns").path(0).path("description").asText()).isEqualTo("Gross total");

        // a column changed by another service (plain SQL, then its event through Kafka) is refreshed by the event
        jdbc.update("update catalog.exposed_columns set description = 'Changed elsewhere' where id = ?::uuid", total);
        kafka().send("schema.column.changed", tenant, """
                {"event_type": "schema.column.changed", "event_id": "%s", "tenant_id": "%s", "datasource_id": "ds-1",
                 "exposed_object_id": "%s", "exposed_column_id": "%s", "change_type": "updated",
                 "changed_at": "2025-12-05T10:05:00Z"}""".formatted(UUID.randomUUID(), tenant, orders, total));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Changed elsewhere".equals(
                cached(tenant, orders).path("columns").path(0).path("description").asText()));

        // a miss reads the database and fills the cache again (deleted again if a schema event still in flight
        // refilled it in between)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            redis.delete(SchemaCache.objectKey(tenant, orders));
            double misses = reads("miss");
            assertThat(get(admin, orders).path("columns").path(0).path("description").asText())
                    .isEqualTo("Changed elsewhere");
            assertThat(reads("miss")).isEqualTo(misses + 1);
        });
        assertThat(cached(tenant, orders)).isNotNull();

        // disabling drops it; the full index writes the enabled ones and drops what is gone
        String customers = create("/api/v1/catalog/objects", admin, """
                {"datasource_id": "ds-1", "object_name": "crm.customers"}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> cached(tenant, customers) != null);
        assertThat(call("PUT", "/api/v1/catalog/objects/" + customers, admin, """
                {"datasource_id": "ds-1", "object_name": "crm.customers", "is_enabled": false}""").statusCode())
                .isEqualTo(200);
        assertThat(cached(tenant, customers)).isNull();
        assertThat(get(admin, customers).path("is_enabled").asBoolean()).isFalse();
        assertThat(cached(tenant, customers)).as("a disabled object is not cached").isNull();
        jdbc.update("delete from catalog.exposed_objects where id = ?::uuid", orders); // gone without an event
        redis.delete(SchemaCache.objectKey(tenant, orders));
        jdbc.update("update catalog.exposed_objects set is_enabled = true where id = ?::uuid", customers);
        redis.opsForValue().set(SchemaCache.objectKey(tenant, orders), planted.toString(), Duration.ofMinutes(5));
        assertThat(call("POST", "/api/v1/catalog/index", admin, "{\"datasource_ids\": [\"ds-1\"]}").statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> cached(tenant, orders) == null
                && cached(tenant, customers) != null);
        assertThat(redis.opsForSet().members(SchemaCache.datasourceKey(tenant, "ds-1"))).containsExactly(customers);
    }

    @Test
    void aRedisOutageFallsBackToTheDatabaseAndTheCacheIsFilledOnceRedisIsBack() throws Exception {
        String tenant = "cache-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        String admin = TOKENS.admin("admin-1", tenant);
        String orders = create("/api/v1/catalog/objects", admin, """
                {"datasource_id": "ds-1", "object_name": "sales.orders", "description": "One row per order"}""");
        await().atMost(Duration.ofSeconds(30)).until(() -> cached(tenant, orders) != null);
        services().stopRedis();
        try {
            double errors = reads("error");
            assertThat(get(admin, orders).path("description").asText()).isEqualTo("One row per order");
            assertThat(reads("error")).isEqualTo(errors + 1);
        } finally {
            services().startRedis();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    redis.delete(SchemaCache.objectKey(tenant, orders));
                    return get(admin, orders).path("object_name").asText().equals("sales.orders")
                            && cached(tenant, orders) != null;
                });
    }

    private io.kavsak.hub.support.KafkaProbe kafka() {
        return new io.kavsak.hub.support.KafkaProbe(services().kafka().getBrokersAsString());
    }
}
