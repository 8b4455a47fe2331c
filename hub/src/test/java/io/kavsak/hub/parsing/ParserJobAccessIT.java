package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kavsak.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may read a parse job: its user, the tenant's back ends and admins; nobody else, not even the operator. */
class ParserJobAccessIT extends HubIntegrationTest {

    @Test
    void aUserSeesOnlyTheirOwnParseJobsWhileServiceAndAdminSeeTheTenants() {
        String tenant = "pa-" + UUID.randomUUID().toString().substring(0, 8);
        registerTenant(tenant);
        String owner = TOKENS.user("olga", tenant);
        String job = jsonOf(call("POST", "/api/v1/parser/parse-text-async", owner, "{\"user_id\": \"olga\","
                + " \"session_id\": \"s\", \"parse_mode\": \"basic\", \"text\": \"QA engineer, 6 years of Selenium.\"}"))
                .path("job_id").asText();

        String service = TOKENS.token("svc", tenant, List.of("service"), Duration.ofMinutes(5));
        for (String reader : List.of(owner, service, TOKENS.admin("admin-1", tenant))) {
            assertThat(call("GET", "/api/v1/parser/job/" + job, reader, null).statusCode()).isEqualTo(200);
        }
        String colleague = TOKENS.user("pavel", tenant);
        String otherTenantsAdmin = TOKENS.admin("admin-1", "pa-other");
        for (String path : List.of("/api/v1/parser/job/" + job, "/api/v1/parser/result/" + job,
                "/api/v1/parser/job/" + job + "/events")) {
            assertThat(call("GET", path, colleague, null).statusCode()).as(path).isEqualTo(404);
            assertThat(call("GET", path, otherTenantsAdmin, null).statusCode()).as(path).isEqualTo(404);
            assertThat(call("GET", path, TOKENS.operator(), null).statusCode()).as(path).isEqualTo(404);
        }
    }
}
