package io.kavsak.hub.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NovaScoreIT extends HubIntegrationTest {

    private JsonNode score(String user, String tenant) throws Exception {
        var response = call("GET", "/api/v1/scores/me", TOKENS.user(user, tenant), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return jsonOf(response);
    }

    private void put(String tenant, String user, String features) {
        assertThat(call("PUT", "/api/v1/features/" + user, TOKENS.user(user, tenant),
                "{\"features\": " + features + "}").statusCode()).isEqualTo(200);
    }

    @Test
    void scoreConfidenceIsTheShareOfExpectedFeaturesAndARecallWarnsAndLowersIt() throws Exception {
        String tenant = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(), "{\"display_name\": \"Scores\"}");
        put(tenant, "rita", """
                {"payment_timeliness": 1.0, "income_stability": 0.5, "savings_rate": 0.5,
                 "account_tenure": 0.0, "low_debt_ratio": 1.0}""");
        JsonNode full = score("rita", tenant);
        // 300 + 550 x (0.30x1 + 0.25x0.5 + 0.15x0.5 + 0.15x0 + 0.15x1) / 1.0 = 300 + 550 x 0.65
        assertThat(full.path("score").asInt()).isEqualTo(658);
        assertThat(full.path("confidence").asDouble()).isEqualTo(1.0);
        assertThat(full.path("warnings")).isEmpty();
        assertThat(full.path("recall").path("state").asText()).isEqualTo("NONE");

        put(tenant, "sam", "{\"payment_timeliness\": 0.5, \"low_debt_ratio\": 0.5, \"unrelated\": 9}");
        JsonNode partial = score("sam", tenant);
        assertThat(partial.path("confidence").asDouble()).isEqualTo(0.4);
        assertThat(partial.path("score").asInt()).isEqualTo(575);
        assertThat(partial.path("features_missing")).hasSize(3);

        var requested = call("POST", "/api/v1/consent/recall", TOKENS.user("rita", tenant), "{\"mode\": \"ANONYMIZE\"}");
        assertThat(requested.statusCode()).isEqualTo(201);
        JsonNode duringRecall = score("rita", tenant);
        assertThat(duringRecall.path("warnings").get(0).asText()).contains("recall").contains("ANONYMIZE");
        assertThat(duringRecall.path("confidence").asDouble()).isZero();
        assertThat(duringRecall.path("score").isNull()).isTrue();

        await().atMost(Duration.ofSeconds(60)).until(() -> score("rita", tenant).path("recall").path("state").asText()
                .equals("COMPLETED"));
        // after an ANONYMIZE recall new features are stored unlinked: nothing scores the user again
        put(tenant, "rita", "{\"payment_timeliness\": 0.9}");
        JsonNode afterRecall = score("rita", tenant);
        assertThat(afterRecall.path("confidence").asDouble()).isZero();
        assertThat(afterRecall.path("warnings")).hasSize(1);
        assertThat(afterRecall.path("score").isNull()).isTrue();
    }
}
