package io.kavsak.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NlToSqlContextRecallIT extends RecallTestSupport {

    private String post(String path, String token, String body) {
        HttpResponse<String> response = call("POST", path, token, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return jsonOf(response).path("id").asText();
    }

    private void queryRun(String tenant, String user, String run) {
        kafka().send("query.run.completed", tenant, """
                {"event_type": "query.run.completed", "tenant_id": "%s", "user_id": "%s", "query_run_id": "%s",
                 "datasource_id": "ds-1", "status": "failed", "row_count": 0, "error_code": "timeout",
                 "started_at": "2025-12-06T10:10:00Z", "finished_at": "2025-12-06T10:10:30Z"}"""
                .formatted(tenant, user, run));
    }

    /** nlp2sql-service writes the question and its SQL into audit.query_runs itself (seed 002 §4). */
    private void askedInWords(String tenant, String run) {
        jdbc.update("update audit.query_runs set question_text = 'Orders in Norway?', sql_text = 'select 2'"
                + " where tenant_id = ? and query_run_id = ?", tenant, run);
    }

    @Test
    void anAnonymizeRecallUnlinksTheUsersQueryRunsAndKeepsTheirWords() {
        String tenant = newTenant();
        queryRun(tenant, "u-1", "run-1");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from audit.query_runs where tenant_id = ?", tenant) == 1);
        askedInWords(tenant, "run-1");

        String recallId = requestRecall(tenant, "u-1", "ANONYMIZE").path("id").asText();
        awaitState(tenant, recallId, "COMPLETED", Duration.ofSeconds(60));

        assertThat(count("select count(*) from audit.query_runs where tenant_id = ? and query_run_id = 'run-1'"
                + " and user_id is null and question_text = 'Orders in Norway?' and sql_text = 'select 2'", tenant))
                .isEqualTo(1);
    }

    @Test
    void aFullExcludeRecallDeletesTheUsersFeedbackAndItsVectorsAndUnlinksTheRest() {
        String tenant = newTenant();
        String mine = post("/api/v1/context/query-feedback", TOKENS.user("u-1", tenant),
                "{\"query_run_id\": \"run-1\", \"feedback_type\": \"business_wrong\", \"feedback_text\": \"Exclude Norway\"}");
        String theirs = post("/api/v1/context/query-feedback", TOKENS.user("u-2", tenant),
                "{\"query_run_id\": \"run-2\", \"feedback_type\": \"sql_error\", \"feedback_text\": \"Wrong join\"}");
        String golden = post("/api/v1/context/golden-qa", TOKENS.user("u-1", tenant), """
                {"datasource_id": "ds-1", "query_run_id": "run-3", "question_text": "Orders per month?",
                 "sql_text": "select 1"}""");
        queryRun(tenant, "u-1", "run-1");
        queryRun(tenant, "u-2", "run-2");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "select count(*) from indexing.vectors where tenant_id = ?", tenant) == 3
                && count("select count(*) from audit.query_runs where tenant_id = ?", tenant) == 2);
        askedInWords(tenant, "run-1");
        askedInWords(tenant, "run-2");

        String recallId = requestRecall(tenant, "u-1", "FULL_EXCLUDE").path("id").asText();
        awaitState(tenant, recallId, "COMPLETED", Duration.ofSeconds(60));

        assertThat(count("select count(*) from context.query_feedback where id = ?::uuid", mine)).isZero();
        assertThat(count("select count(*) from indexing.vectors where record_id = ?", mine)).isZero();
        assertThat(count("select count(*) from indexing.vectors where record_id in (?, ?)", theirs, golden)).isEqualTo(2);
        assertThat(count("select count(*) from context.golden_qa where tenant_id = ? and created_by_user_id = 'u-1'",
                tenant)).isZero();
        assertThat(count("select count(*) from context.golden_qa where id = ?::uuid", golden)).isEqualTo(1);
        assertThat(count("select count(*) from audit.query_runs where tenant_id = ? and user_id = 'u-1'", tenant)).isZero();
        assertThat(count("select count(*) from audit.query_runs where tenant_id = ? and user_id = 'u-2'", tenant))
                .isEqualTo(1);
        // the user's own words in their query run are gone; the other user's run keeps them
        assertThat(count("select count(*) from audit.query_runs where tenant_id = ? and query_run_id = 'run-1'"
                + " and user_id is null and question_text is null and sql_text is null and status = 'failed'", tenant))
                .isEqualTo(1);
        assertThat(count("select count(*) from audit.query_runs where tenant_id = ? and query_run_id = 'run-2'"
                + " and question_text = 'Orders in Norway?' and sql_text = 'select 2'", tenant)).isEqualTo(1);
        // this replica's search index dropped the vector too
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(call("POST", "/api/v1/search",
                TOKENS.user("u-2", tenant), "{\"question\": \"Exclude Norway\", \"collections\": [\"query_feedback\"]}")
                .body()).doesNotContain(mine).contains(theirs));
    }
}
