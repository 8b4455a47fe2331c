package io.kavsak.hub.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.support.HubIntegrationTest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantApiIT extends HubIntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    private static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void theOperatorRegistersReadsAndDeactivatesATenant() throws Exception {
        String tenant = newTenant();
        String body = "{\"display_name\": \"Acme\", \"privacy_contact\": \"privacy@acme.example\","
                + " \"storage_path\": \"/var/lib/kavsak/tenants/" + tenant + "\"}";

        HttpResponse<String> created = call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(), body);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode tenantJson = json.readTree(created.body());
        assertThat(tenantJson.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(tenantJson.path("privacy_contact").asText()).isEqualTo("privacy@acme.example");
        assertThat(tenantJson.path("active").asBoolean()).isTrue();

        assertThat(call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(), body).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/api/v1/tenants/" + tenant, TOKENS.operator(), null).statusCode()).isEqualTo(204);

        HttpResponse<String> read = call("GET", "/api/v1/tenants/" + tenant, TOKENS.operator(), null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json.readTree(read.body()).path("active").asBoolean()).isFalse();
        assertThat(read.headers().firstValue("X-Kavsak-Roles")).isEmpty();
    }

    @Test
    void aTenantAdminSeesItsOwnTenantAndNobodyElses() {
        String mine = newTenant();
        String theirs = newTenant();
        call("PUT", "/api/v1/tenants/" + mine, TOKENS.operator(), "{\"display_name\": \"Mine\"}");
        call("PUT", "/api/v1/tenants/" + theirs, TOKENS.operator(), "{\"display_name\": \"Theirs\"}");

        String admin = TOKENS.admin("admin-" + mine, mine);
        assertThat(call("GET", "/api/v1/tenants/" + mine, admin, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/tenants/" + theirs, admin, null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/api/v1/tenants/" + theirs, admin, "{\"display_name\": \"Hijacked\"}").statusCode())
                .isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/tenants/" + mine, admin, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aTenantAdminRenamesItsTenantButNeverCreatesReactivatesOrPlacesOne() {
        String tenant = newTenant();
        call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(), "{\"display_name\": \"Before\"}");
        String admin = TOKENS.admin("admin-1", tenant);
        HttpResponse<String> renamed = call("PUT", "/api/v1/tenants/" + tenant, admin, "{\"display_name\": \"After\"}");
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.body()).contains("After");
        assertThat(call("PUT", "/api/v1/tenants/" + tenant, admin,
                "{\"display_name\": \"x\", \"storage_path\": \"/etc\"}").statusCode()).isEqualTo(403);

        // deactivated by the operator: its admin cannot bring it back, nor feed it data
        assertThat(call("DELETE", "/api/v1/tenants/" + tenant, TOKENS.operator(), null).statusCode()).isEqualTo(204);
        assertThat(call("PUT", "/api/v1/tenants/" + tenant, admin, "{\"display_name\": \"Back\"}").statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/api/v1/tenants/" + tenant, TOKENS.operator(), null).body()).contains("\"active\":false");
        assertThat(call("POST", "/api/v1/parser/parse-text-async", TOKENS.user("u", tenant), "{\"user_id\": \"u\","
                + " \"session_id\": \"s\", \"text\": \"Developer\"}").statusCode()).isEqualTo(403);

        // a token for a tenant nobody registered creates nothing and stores nothing
        String ghost = "ghost-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(call("PUT", "/api/v1/tenants/" + ghost, TOKENS.admin("a", ghost), "{\"display_name\": \"G\"}")
                .statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/tenants/" + ghost, TOKENS.operator(), null).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/parser/parse-text-async", TOKENS.user("u", ghost), "{\"user_id\": \"u\","
                + " \"session_id\": \"s\", \"text\": \"Developer\"}").statusCode()).isEqualTo(403);
        assertThat(call("PUT", "/api/v1/features/u", TOKENS.user("u", ghost),
                "{\"features\": {\"payment_timeliness\": 0.5}}").statusCode()).isEqualTo(403);
    }

    @Test
    void aPlainUserCannotUseTheRegistry() {
        String tenant = newTenant();
        HttpResponse<String> response = call("GET", "/api/v1/tenants/" + tenant, TOKENS.user("u", tenant), null);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void badBodiesAreProblem400sNamingTheField() throws Exception {
        String tenant = newTenant();
        HttpResponse<String> missing = call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(), "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(missing.body()).path("field").asText()).isEqualTo("display_name");

        HttpResponse<String> malformed = call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(), "{not json");
        assertThat(malformed.statusCode()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElse("")).as(malformed.body())
                .startsWith("application/problem+json");
        assertThat(json.readTree(malformed.body()).path("field").asText()).isEqualTo("body");

        HttpResponse<String> badMail = call("PUT", "/api/v1/tenants/" + tenant, TOKENS.operator(),
                "{\"display_name\": \"x\", \"privacy_contact\": \"not-an-address\"}");
        assertThat(json.readTree(badMail.body()).path("field").asText()).isEqualTo("privacy_contact");

        HttpResponse<String> badId = call("PUT", "/api/v1/tenants/Not_A_Label", TOKENS.operator(),
                "{\"display_name\": \"x\"}");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/tenants/" + tenant, TOKENS.operator(), null).statusCode()).isEqualTo(404);
    }
}
