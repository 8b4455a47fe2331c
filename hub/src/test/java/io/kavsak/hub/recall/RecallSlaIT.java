package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.annotation.Autowired;

class RecallSlaIT extends RecallTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    Scheduler quartzScheduler;

    private void fireSlaCheck() throws Exception {
        JobKey job = quartzScheduler.getJobKeys(GroupMatcher.jobGroupEquals("kavsak")).stream()
                .filter(key -> key.getName().equals("recall-sla-check")).findFirst()
                .orElseThrow(() -> new AssertionError("no recall-sla-check job in group kavsak"));
        quartzScheduler.triggerJob(job);
    }

    private int events(String type, String recallId) {
        return count("select count(*) from outbox_event where event_type = ? and record_key = ?", type, recallId);
    }

    @Test
    void requestsNearAndPastTheirDeadlineAreFlaggedAnnouncedAndMailedOnceEach() throws Exception {
        String tenant = newTenant();
        String[] ids = new String[2];
        camel.getRouteController().stopRoute("recall-requested");
        try {
            ids[0] = requestRecall(tenant, "near", "FULL_EXCLUDE").path("id").asText();
            ids[1] = requestRecall(tenant, "late", "FULL_EXCLUDE").path("id").asText();
            // both held by a (pretend) slow run, so only the SLA watch acts on them
            jdbc.update("update recall_request set lease_until = now() + interval '1 hour' where tenant_id = ?", tenant);
            jdbc.update("update recall_request set deadline = now() + interval '1 hour' where recall_id = ?::uuid", ids[0]);
            jdbc.update("update recall_request set deadline = now() - interval '1 minute' where recall_id = ?::uuid", ids[1]);
        } finally {
            camel.getRouteController().startRoute("recall-requested");
        }

        fireSlaCheck();
        await().atMost(Duration.ofSeconds(30)).until(() -> events("privacy.recall.sla.warning", ids[0]) == 1
                && events("privacy.recall.sla.breached", ids[1]) == 1);
        assertThat(events("privacy.recall.sla.breached", ids[0])).isZero();
        assertThat(events("privacy.recall.sla.warning", ids[1])).isZero();
        String contact = "privacy@" + tenant + ".test";
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(contact).size() == 2);
        assertThat(mailsTo(contact)).extracting(m -> m.getSubject())
                .containsExactlyInAnyOrder("Recall SLA at risk: " + ids[0], "Recall SLA breached: " + ids[1]);
        kafka().readUntil("privacy.recall.sla.breached", r -> r.value().contains(ids[1]), Duration.ofSeconds(20));

        fireSlaCheck();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(events("privacy.recall.sla.warning", ids[0])).isEqualTo(1);
        assertThat(events("privacy.recall.sla.breached", ids[1])).isEqualTo(1);
        assertThat(mailsTo(contact)).hasSize(2);

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String metrics = management("/actuator/prometheus", null).body();
            assertThat(metrics).contains("kavsak_recall_requests_open{state=\"REQUESTED\"}")
                    .contains("kavsak_recall_requests_open{state=\"IN_PROGRESS\"}")
                    .contains("kavsak_recall_completion_seconds_bucket");
            double overdue = metrics.lines().filter(l -> l.startsWith("kavsak_recall_requests_overdue "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
            assertThat(overdue).isGreaterThanOrEqualTo(1);
        });

        String admin = TOKENS.admin("admin-1", tenant);
        for (String id : ids) {
            call("POST", "/api/v1/tenants/" + tenant + "/recalls/" + id + "/complete", admin,
                    "{\"reason\": \"test cleanup\"}");
        }
        assertThat(recall(tenant, ids[1]).path("sla_breached").asBoolean()).isTrue();
        assertThat(List.of(recall(tenant, ids[0]).path("sla_breached").asBoolean())).containsExactly(false);
    }
}
