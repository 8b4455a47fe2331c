package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kavsak.hub.events.EventReader;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RecallStoreFeedsIT extends RecallTestSupport {

    @Autowired
    CamelContext camel;

    private String featureEvent(String tenant, String user, String features) {
        return """
                {"event_type": "feature.upserted", "tenant_id": "%s", "user_id": "%s", "features": %s,
                 "updated_at": "%s"}""".formatted(tenant, user, features, Instant.now());
    }

    private String trainingEvent(String tenant, String user, String eventId) {
        return """
                {"event_type": "training.event.recorded", "tenant_id": "%s", "user_id": "%s",
                 "training_event_id": "%s", "kind": "purchase", "payload": {"amount": 12.5},
                 "occurred_at": "%s"}""".formatted(tenant, user, eventId, Instant.now());
    }

    private int inbox(String eventId) {
        return count("select count(*) from inbox_event where event_id = ?", eventId);
    }

    @Test
    void featureUpsertsFromKafkaReachBothStoresOnceAndBadOnesAreDeadLettered() {
        String tenant = newTenant();
        String event = featureEvent(tenant, "pete", "{\"payment_timeliness\": 0.7, \"savings_rate\": 0.2}");
        String eventId = new EventReader().read(event, "feature.upserted").eventId();
        kafka().send("feature.upserted", tenant, event);
        kafka().send("feature.upserted", tenant, event);

        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("select count(*) from feature_value where tenant_id = ? and subject_key = 'pete'", tenant) == 2);
        assertThat(redis.<String, String>opsForHash().entries("features:" + tenant + ":pete"))
                .containsEntry("payment_timeliness", "0.7").containsEntry("savings_rate", "0.2");
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(inbox(eventId)).isEqualTo(1);

        String marker = UUID.randomUUID().toString();
        kafka().send("feature.upserted", tenant, featureEvent(tenant, marker, "{\"payment_timeliness\": \"high\"}"));
        kafka().readUntil("feature.upserted.dlq", r -> r.value().contains(marker) && r.value().contains("not a number"),
                Duration.ofSeconds(30));
    }

    @Test
    void trainingEventsOfARecalledUserAreExcludedOnArrival() {
        String tenant = newTenant();
        String before = UUID.randomUUID().toString();
        kafka().send("training.event.recorded", tenant, trainingEvent(tenant, "quinn", before));
        kafka().send("training.event.recorded", tenant, trainingEvent(tenant, "ruth", UUID.randomUUID().toString()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count("select count(*) from training_set where tenant_id = ?", tenant) == 2);

        String full = requestRecall(tenant, "quinn", "FULL_EXCLUDE").path("id").asText();
        String anonymous = requestRecall(tenant, "ruth", "ANONYMIZE").path("id").asText();
        awaitState(tenant, full, "COMPLETED", Duration.ofSeconds(60));
        awaitState(tenant, anonymous, "COMPLETED", Duration.ofSeconds(60));

        String lateFull = trainingEvent(tenant, "quinn", UUID.randomUUID().toString());
        String lateAnonymous = trainingEvent(tenant, "ruth", UUID.randomUUID().toString());
        kafka().send("training.event.recorded", tenant, lateFull);
        kafka().send("training.event.recorded", tenant, lateAnonymous);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                inbox(new EventReader().read(lateFull, null).eventId()) == 1
                        && inbox(new EventReader().read(lateAnonymous, null).eventId()) == 1);

        // FULL_EXCLUDE: nothing of quinn is kept; ANONYMIZE: ruth's events are kept unlinked and excluded
        assertThat(count("select count(*) from training_event where tenant_id = ? and user_id in ('quinn', 'ruth')",
                tenant)).isZero();
        assertThat(count("select count(*) from training_event where tenant_id = ? and excluded and anonymized", tenant))
                .isEqualTo(2);
        assertThat(count("select count(*) from training_set where tenant_id = ?", tenant)).isZero();
        assertThat(count("select count(*) from training_exclusion where tenant_id = ?", tenant)).isEqualTo(2);
    }

    @Test
    void featureWritesWhileARecallIsOpenAreRefused() throws Exception {
        String tenant = newTenant();
        camel.getRouteController().stopRoute("recall-requested");
        try {
            requestRecall(tenant, "sven", "FULL_EXCLUDE");
            var refused = call("PUT", "/api/v1/features/sven", TOKENS.user("sven", tenant),
                    "{\"features\": {\"payment_timeliness\": 1}}");
            assertThat(refused.statusCode()).isEqualTo(409);
            var bad = call("PUT", "/api/v1/features/sven", TOKENS.user("sven", tenant), "{\"features\": {\"x\": \"y\"}}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(jsonOf(bad).path("field").asText()).isEqualTo("features.x");
            assertThat(call("PUT", "/api/v1/features/someone-else", TOKENS.user("sven", tenant),
                    "{\"features\": {\"x\": 1}}").statusCode()).isEqualTo(403);
        } finally {
            camel.getRouteController().startRoute("recall-requested");
        }
        assertThat(count("select count(*) from feature_value where tenant_id = ?", tenant)).isZero();
    }
}
