package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.ServletContext;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Plants one user's data through every way in — REST writes, Kafka feeds, a CV named after the person,
 * a contact address, an event that is dead-lettered — recalls the user, then searches every text, JSON
 * and binary column of every table (listed from the database catalogue, so a table added later is
 * searched too), every Redis key and value, and every file under the storage root and the temp
 * directories for the user's id, name and e-mail address.
 */
class RecallReachesEveryStoreIT extends RecallTestSupport {

    @Autowired
    private ServletContext servletContext;
    @Value("${kavsak.storage.root}")
    private String storageRoot;

    /** One planted person: every string that would lead back to them. */
    private record Person(String userId, String firstName, String lastName, String email) {

        static Person random() {
            String suffix = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), 0, 5);
            return new Person("usr-" + suffix, "Zeynep", "Karaosmanoğlu", "zeynep.karaosmanoglu." + suffix + "@example.test");
        }

        List<String> traces() {
            return List.of(userId, firstName + " " + lastName, lastName, "Karaosmanoglu", email);
        }
    }

    @Test
    void aFullExcludeRecallLeavesNoTraceOfTheUserInAnyStore() {
        recallAndSearch("FULL_EXCLUDE");
    }

    @Test
    void anAnonymizeRecallLeavesNothingThatLeadsBackToTheUser() {
        recallAndSearch("ANONYMIZE");
    }

    private void recallAndSearch(String mode) {
        Instant started = Instant.now().minusSeconds(1);
        String tenant = newTenant();
        Person person = Person.random();
        int filesBefore = uploadCopies().size();
        plant(tenant, person);
        List<String> before = traces(person, started);
        // the search sees every store the data was planted in
        for (String store : List.of("feature_value.subject_key", "training_event.user_id", "training_event.payload",
                "inbox_event.payload", "privacy_user_contact.email", "parsed_cv.user_id", "dead_letter.original_event",
                "redis features:", "file ", "appointment.email", "appointment.title")) {
            assertThat(before).as("planted data found before the recall").anyMatch(t -> t.startsWith(store));
        }
        assertThat(uploadCopies()).as("no copy of an upload outlives its request").hasSize(filesBefore);

        String recallId = requestRecall(tenant, person.userId(), mode).path("id").asText();
        awaitState(tenant, recallId, "COMPLETED", Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(count("select count(*) from recall_request where recall_id = ?::uuid and notified_at is not null",
                        recallId)).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(count("select count(*) from outbox_event where tenant_id = ? and published_at is null", tenant))
                        .isZero());

        List<String> found = traces(person, started);
        System.out.printf("RECALL-REACH mode=%s traces-left=%d%n", mode, found.size());
        assertThat(found).as("traces of the recalled user after a %s recall", mode).isEmpty();

        // data arriving after the recall: dropped (FULL_EXCLUDE) or stored unlinked (ANONYMIZE), in every store
        String lateFeature = """
                {"event_type": "feature.upserted", "tenant_id": "%s", "user_id": "%s",
                 "features": {"late_feature": 0.3}, "updated_at": "%s"}""".formatted(tenant, person.userId(), Instant.now());
        String lateTraining = """
                {"event_type": "training.event.recorded", "tenant_id": "%s", "user_id": "%s",
                 "training_event_id": "%s", "kind": "late", "payload": {"mail": "%s"},
                 "occurred_at": "%s"}""".formatted(tenant, person.userId(), UUID.randomUUID(), person.email(), Instant.now());
        kafka().send("feature.upserted", tenant, lateFeature);
        kafka().send("training.event.recorded", tenant, lateTraining);
        HttpResponse<String> lateWrite = call("PUT", "/api/v1/features/" + person.userId(),
                TOKENS.token("svc", tenant, List.of("service"), Duration.ofMinutes(5)),
                "{\"features\": {\"rest_feature\": 0.5}}");
        assertThat(lateWrite.statusCode()).as(lateWrite.body()).isEqualTo("FULL_EXCLUDE".equals(mode) ? 409 : 200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(count(
                "select count(*) from inbox_event where tenant_id = ? and event_type in ('feature.upserted', "
                        + "'training.event.recorded') and received_at > now() - interval '1 minute' and payload like ?",
                tenant, "%the user was recalled%")).isEqualTo(2));
        int unlinked = "ANONYMIZE".equals(mode) ? 1 : 0;
        assertThat(count("select count(*) from feature_value where tenant_id = ? and feature_name in "
                + "('late_feature', 'rest_feature') and anonymized", tenant)).isEqualTo(2 * unlinked);
        assertThat(count("select count(*) from training_event where tenant_id = ? and kind = 'late' and excluded",
                tenant)).isEqualTo(unlinked);
        assertThat(traces(person, started)).as("traces after late data for a %s-recalled user", mode).isEmpty();
        JsonNode status = jsonOf(call("GET", "/api/v1/consent/recall/status", TOKENS.user(person.userId(), tenant), null));
        assertThat(status.path("state").asText()).as("the user can still see their recall").isEqualTo("COMPLETED");
    }

    private void plant(String tenant, Person person) {
        String service = TOKENS.token("svc", tenant, List.of("service"), Duration.ofMinutes(10));
        String admin = TOKENS.admin("admin-1", tenant);
        String user = TOKENS.user(person.userId(), tenant);
        assertThat(call("PUT", "/api/v1/tenants/" + tenant + "/privacy-contacts/" + person.userId(), admin,
                "{\"email\": \"" + person.email() + "\"}").statusCode()).isEqualTo(200);
        assertThat(call("PUT", "/api/v1/features/" + person.userId(), service,
                "{\"features\": {\"payment_timeliness\": 0.8}}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/training-events", service, "{\"user_id\": \"" + person.userId()
                + "\", \"kind\": \"click\", \"payload\": {\"contact\": \"" + person.email() + "\"}}").statusCode())
                .isEqualTo(201);
        // a refresh session: its record and the per-user index both hold the user id
        assertThat(call("POST", "/api/v1/sessions", service, "{\"jti\": \"jti-" + person.userId() + "\", \"user_id\": \""
                + person.userId() + "\", \"expires_at\": \"" + Instant.now().plusSeconds(3600) + "\"}").statusCode())
                .isEqualTo(201);
        // an appointment weeks ahead: its row holds the user id, the reminder address and a title naming them
        assertThat(call("PUT", "/api/v1/appointments/appt-" + person.userId(), service, "{\"user_id\": \""
                + person.userId() + "\", \"starts_at\": \"" + Instant.now().plus(Duration.ofDays(21))
                + "\", \"title\": \"Visit of " + person.firstName() + " " + person.lastName()
                + "\", \"channels\": [\"email\", \"log\"], \"email\": \"" + person.email() + "\"}").statusCode())
                .isEqualTo(201);

        String feedEvent = """
                {"event_type": "feature.upserted", "tenant_id": "%s", "user_id": "%s",
                 "features": {"savings_rate": 0.4}, "updated_at": "%s"}""".formatted(tenant, person.userId(), Instant.now());
        String trainingEvent = """
                {"event_type": "training.event.recorded", "tenant_id": "%s", "user_id": "%s",
                 "training_event_id": "%s", "kind": "purchase", "payload": {"by": "%s %s"},
                 "occurred_at": "%s"}""".formatted(tenant, person.userId(), UUID.randomUUID(), person.firstName(),
                person.lastName(), Instant.now());
        String invalidEvent = """
                {"event_type": "feature.upserted", "tenant_id": "%s", "user_id": "%s",
                 "features": {"savings_rate": "plenty"}, "updated_at": "%s"}""".formatted(tenant, person.userId(),
                Instant.now());
        kafka().send("feature.upserted", tenant, feedEvent);
        kafka().send("training.event.recorded", tenant, trainingEvent);
        kafka().send("feature.upserted", tenant, invalidEvent);

        String cv = """
                %s %s
                %s | +44 20 7946 0958
                Senior backend engineer with 8 years of experience in Java, Kafka and PostgreSQL.
                """.formatted(person.firstName(), person.lastName(), person.email());
        HttpResponse<String> upload = multipart("/api/v1/parser/parse-file-async", user,
                Map.of("user_id", person.userId(), "session_id", "s-1", "parse_mode", "basic"),
                person.firstName() + "_" + "Karaosmanoglu" + "_CV.txt", cv.getBytes(StandardCharsets.UTF_8));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        String jobId = jsonOf(upload).path("job_id").asText();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(count("select count(*) from feature_value where tenant_id = ? and subject_key = ?", tenant,
                    person.userId())).isEqualTo(2);
            assertThat(count("select count(*) from training_event where tenant_id = ? and user_id = ?", tenant,
                    person.userId())).isEqualTo(2);
            assertThat(jsonOf(call("GET", "/api/v1/parser/job/" + jobId, user, null)).path("status").asText())
                    .isIn("success", "failed");
        });
        kafka().readUntil("feature.upserted.dlq", r -> r.value().contains(person.userId()), Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from dead_letter where tenant_id = ? and original_event like ?", tenant,
                "%" + person.userId() + "%") == 1);
    }

    /** Every place the person's id, name or address is still found: "table.column", "redis key", "file". */
    private List<String> traces(Person person, Instant since) {
        List<String> found = new ArrayList<>();
        found.addAll(databaseTraces(person));
        found.addAll(redisTraces(person));
        found.addAll(fileTraces(person, since));
        return found;
    }

    private List<String> databaseTraces(Person person) {
        List<String> found = new ArrayList<>();
        List<Map<String, Object>> columns = jdbc.queryForList("""
                select c.table_schema, c.table_name, c.column_name, c.data_type
                from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where t.table_type = 'BASE TABLE'
                  and c.table_schema not in ('pg_catalog', 'information_schema')
                  and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY',
                                      'USER-DEFINED', 'xml')
                """);
        assertThat(columns).as("text columns in the catalogue").hasSizeGreaterThan(20);
        for (Map<String, Object> column : columns) {
            String table = "\"" + column.get("table_schema") + "\".\"" + column.get("table_name") + "\"";
            String name = "\"" + column.get("column_name") + "\"";
            boolean binary = "bytea".equals(column.get("data_type"));
            for (String trace : person.traces()) {
                String sql = binary
                        ? "select count(*) from " + table + " where position(convert_to(?, 'UTF8') in " + name + ") > 0"
                        : "select count(*) from " + table + " where " + name + "::text ilike ?";
                Object value = binary ? trace : "%" + trace.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                if (count(sql, value) > 0) {
                    found.add(column.get("table_name") + "." + column.get("column_name") + " has " + trace);
                }
            }
        }
        return found;
    }

    private List<String> redisTraces(Person person) {
        List<String> found = new ArrayList<>();
        try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().count(1000).build())) {
            while (keys.hasNext()) {
                String key = keys.next();
                String content = key + " " + redisValue(key);
                person.traces().stream().filter(content::contains).forEach(t -> found.add("redis " + key + " has " + t));
            }
        }
        return found;
    }

    private String redisValue(String key) {
        DataType type = redis.type(key);
        return switch (type == null ? DataType.NONE : type) {
            case STRING -> String.valueOf(redis.opsForValue().get(key));
            case HASH -> String.valueOf(redis.opsForHash().entries(key));
            case SET -> String.valueOf(redis.opsForSet().members(key));
            case LIST -> String.valueOf(redis.opsForList().range(key, 0, -1));
            case ZSET -> String.valueOf(redis.opsForZSet().range(key, 0, -1));
            default -> "";
        };
    }

    /**
     * The storage root and the temp directories (the servlet container's and the JVM's), names and contents
     * of the files written since the test began (earlier runs of the tests share these directories).
     */
    private List<String> fileTraces(Person person, Instant since) {
        List<String> found = new ArrayList<>();
        for (Path file : files()) {
            if (file.toFile().lastModified() < since.toEpochMilli()) {
                continue;
            }
            String content;
            try {
                content = file + " " + new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;
            }
            person.traces().stream().filter(content::contains).forEach(t -> found.add("file " + file + " has " + t));
        }
        return found;
    }

    private List<Path> files() {
        List<Path> roots = List.of(Path.of(storageRoot), servletTempDir(), Path.of(System.getProperty("java.io.tmpdir")));
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                // the embedded PostgreSQL binaries live under the temp directory (the database is searched by SQL),
                // and so do the embedded broker's log segments: Kafka records age out by the topics' retention,
                // which is shorter than the recall SLA (see the data map), not by erasure
                walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("embedded-pg"))
                        .filter(p -> !p.getFileName().toString().endsWith(".log") || !p.toString().contains("/kafka-"))
                        .filter(p -> p.toFile().length() < 20_000_000).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    private Path servletTempDir() {
        return ((File) servletContext.getAttribute(ServletContext.TEMPDIR)).toPath();
    }

    private List<Path> uploadCopies() {
        try (Stream<Path> walk = Files.walk(servletTempDir())) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
