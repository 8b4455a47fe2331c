package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.beans.factory.annotation.Autowired;

/** What the recall mails say and that none is lost when the SMTP server is away. */
class RecallNoticesIT extends RecallTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    Scheduler quartzScheduler;

    private void fire(String jobName) throws Exception {
        JobKey job = quartzScheduler.getJobKeys(GroupMatcher.jobGroupEquals("kavsak")).stream()
                .filter(key -> key.getName().equals(jobName)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + jobName + " job in group kavsak"));
        quartzScheduler.triggerJob(job);
    }

    @Test
    void aManualCompletionMailSaysThatAnAdministratorCompletedItAndWhy() throws Exception {
        String tenant = newTenant();
        String id;
        camel.getRouteController().stopRoute("recall-requested");
        try {
            id = requestRecall(tenant, "mona", "FULL_EXCLUDE").path("id").asText();
        } finally {
            camel.getRouteController().startRoute("recall-requested");
        }
        jdbc.update("update recall_request set lease_until = now() + interval '1 hour' where recall_id = ?::uuid", id);
        assertThat(call("POST", "/api/v1/tenants/" + tenant + "/recalls/" + id + "/complete",
                TOKENS.admin("admin-1", tenant), "{\"reason\": \"the user's data was erased by hand in the CRM\"}")
                .statusCode()).isEqualTo(200);

        String contact = "privacy@" + tenant + ".test";
        await().atMost(Duration.ofSeconds(20)).until(() -> mailsTo(contact).size() == 1);
        String text = textOf(mailsTo(contact).get(0));
        assertThat(text).contains("marked completed by an administrator")
                .contains("the user's data was erased by hand in the CRM")
                .doesNotContain("Your data has been deleted");
    }

    @Test
    void anSlaAlertThatCouldNotBeSentIsMailedOnceTheSmtpServerIsBack() throws Exception {
        String tenant = newTenant();
        String id;
        camel.getRouteController().stopRoute("recall-requested");
        try {
            id = requestRecall(tenant, "nora", "FULL_EXCLUDE").path("id").asText();
            jdbc.update("update recall_request set lease_until = now() + interval '1 hour', "
                    + "deadline = now() - interval '1 minute' where recall_id = ?::uuid", id);
        } finally {
            camel.getRouteController().startRoute("recall-requested");
        }
        String contact = "privacy@" + tenant + ".test";
        // both SMTP providers of the notification pipeline are away (the backup would take the mail otherwise)
        services().mail().stop();
        backupMail().stop();
        try {
            NotifyBuilder attempted = new NotifyBuilder(camel).fromRoute("recall-sla-check").whenDone(1).create();
            fire("recall-sla-check");
            assertThat(attempted.matches(30, TimeUnit.SECONDS)).as("the alert mail was requested").isTrue();
            // the pipeline retried it and gave up
            await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from notification "
                    + "where event_id like ? and status = 'FAILED'", "recall:" + id + ":SLA_BREACHED:%") == 1);
            assertThat(count("select count(*) from recall_request where recall_id = ?::uuid "
                    + "and sla_breached_at is not null and sla_breach_mailed_at is null", id)).isEqualTo(1);
        } finally {
            services().mail().start();
            backupMail().start();
        }
        assertThat(mailsTo(contact)).isEmpty();

        // the resumer retries alerts flagged more than a minute ago
        jdbc.update("update recall_request set sla_breached_at = now() - interval '2 minutes' where recall_id = ?::uuid",
                id);
        fire("recall-resumer");
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsTo(contact).size() == 1);
        MimeMessage alert = mailsTo(contact).get(0);
        assertThat(alert.getSubject()).isEqualTo("Recall SLA breached: " + id);
        assertThat(count("select count(*) from recall_request where recall_id = ?::uuid "
                + "and sla_breach_mailed_at is not null", id)).isEqualTo(1);

        fire("recall-resumer");
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(mailsTo(contact)).hasSize(1));
        call("POST", "/api/v1/tenants/" + tenant + "/recalls/" + id + "/complete", TOKENS.admin("admin-1", tenant),
                "{\"reason\": \"test cleanup\"}");
    }
}
