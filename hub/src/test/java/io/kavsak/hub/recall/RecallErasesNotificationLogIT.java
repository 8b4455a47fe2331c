package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kavsak.hub.events.EventReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The notification log holds users' addresses: a recall erases the user's entries (target notification-log). */
class RecallErasesNotificationLogIT extends RecallTestSupport {

    private String mailTheUser(String tenant, String address, String at) {
        String request = """
                {"event_type": "notification.email.requested", "tenant_id": "%s", "to": "%s",
                 "body_template": "appointment_reminder", "body_params": {"appointment_at": "%s"},
                 "requested_by": "reminders", "requested_at": "2025-12-07T07:00:01Z"}""".formatted(tenant, address, at);
        String eventId = new EventReader().read(request, "notification.email.requested").eventId();
        kafka().send("notification.email.requested", tenant, request);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from notification where event_id = ? and status = 'SENT'", eventId) == 1);
        return eventId;
    }

    @Test
    void aFullExcludeRecallDeletesTheUsersNotificationsAndKeepsOthers() {
        String tenant = newTenant();
        String address = "olga@" + tenant + ".test";
        assertThat(call("PUT", "/api/v1/tenants/" + tenant + "/privacy-contacts/olga", TOKENS.admin("admin-1", tenant),
                "{\"email\": \"" + address + "\"}").statusCode()).isEqualTo(200);
        String olgas = mailTheUser(tenant, address, "Monday 10:00");
        String others = mailTheUser(tenant, "someone-else@" + tenant + ".test", "Monday 11:00");

        String id = requestRecall(tenant, "olga", "FULL_EXCLUDE").path("id").asText();
        awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));

        assertThat(count("select count(*) from notification where event_id = ?", olgas)).isZero();
        assertThat(count("select count(*) from notification where event_id = ?", others)).isEqualTo(1);
        assertThat(count("select count(*) from inbox_event where event_id = ? and payload like ?", olgas,
                "%" + address + "%")).isZero();
        assertThat(recall(tenant, id).path("audit").toString()).contains("notification-log");
    }

    @Test
    void anAnonymizeRecallKeepsTheEntriesWithoutTheAddress() {
        String tenant = newTenant();
        String address = "pia@" + tenant + ".test";
        assertThat(call("PUT", "/api/v1/tenants/" + tenant + "/privacy-contacts/pia", TOKENS.admin("admin-1", tenant),
                "{\"email\": \"" + address + "\"}").statusCode()).isEqualTo(200);
        String pias = mailTheUser(tenant, address, "Tuesday 10:00");

        String id = requestRecall(tenant, "pia", "ANONYMIZE").path("id").asText();
        awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));

        assertThat(count("select count(*) from notification where event_id = ? and status = 'SENT' "
                + "and recipient is null and request not like ?", pias, "%" + address + "%")).isEqualTo(1);
    }
}
