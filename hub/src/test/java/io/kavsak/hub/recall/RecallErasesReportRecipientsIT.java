package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduled report jobs name recipients by address: a recall removes the user's (target report-recipients). */
class RecallErasesReportRecipientsIT extends RecallTestSupport {

    private List<String> recipients(String tenant, String schedule) {
        return jdbc.query("select recipients from report_schedule where tenant_id = ? and schedule_id = ?",
                (rs, n) -> Arrays.asList((String[]) rs.getArray(1).getArray()), tenant, schedule).get(0);
    }

    @Test
    void aRecallRemovesTheUsersAddressFromEveryRecipientListAndPausesAJobLeftWithoutRecipients() {
        String tenant = newTenant();
        String address = "rita@" + tenant + ".test";
        String admin = TOKENS.admin("admin-1", tenant);
        assertThat(call("PUT", "/api/v1/tenants/" + tenant + "/privacy-contacts/rita", admin,
                "{\"email\": \"" + address + "\"}").statusCode()).isEqualTo(200);
        // a saved query on a datasource row of its own (the recall never runs it)
        jdbc.update("insert into report_query (tenant_id, query_id, name, sql_text, datasource_id) "
                + "values (?, 'q', 'q', 'select 1', 'sales')", tenant);
        for (String[] job : List.of(new String[] {"shared", "[\"" + address.toUpperCase() + "\", \"boss@example.com\"]"},
                new String[] {"only-rita", "[\"" + address + "\"]"})) {
            jdbc.update("insert into report_schedule (tenant_id, schedule_id, query_id, cron, time_zone, "
                    + "delivery_channel, delivery_format, recipients, enabled) values (?, ?, 'q', '0 0 3 * * ?', 'UTC', "
                    + "'email', 'csv', array(select json_array_elements_text(cast(? as json))), true)",
                    tenant, job[0], job[1]);
        }

        String id = requestRecall(tenant, "rita", "ANONYMIZE").path("id").asText();
        awaitState(tenant, id, "COMPLETED", Duration.ofSeconds(60));

        assertThat(recipients(tenant, "shared")).containsExactly("boss@example.com");
        assertThat(recipients(tenant, "only-rita")).isEmpty();
        assertThat(jdbc.queryForObject("select enabled from report_schedule where tenant_id = ? and schedule_id = "
                + "'only-rita'", Boolean.class, tenant)).isFalse();
        assertThat(recall(tenant, id).path("audit").toString()).contains("report-recipients");
    }
}
