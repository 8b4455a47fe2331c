package io.kavsak.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kavsak as a cluster user sees it: the example resources of {@code kustomize/examples} applied, the
 * real operator reconciling them, the real hub doing the work on its embedded services.
 */
@EnableKubernetesMockClient(crud = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KavsakEndToEndIT {

    static KubernetesClient client;
    static KavsakOnKubernetes kavsak;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = KavsakOnKubernetes.TOKENS.admin("admin-1", "acme");

    @BeforeAll
    static void start() throws Exception {
        kavsak = new KavsakOnKubernetes(client);
    }

    @AfterAll
    static void stop() {
        kavsak.close();
    }

    @Test
    @Order(1)
    void anAppliedTenantIsRegisteredInTheRealHubMountedAndReady() throws Exception {
        kavsak.apply("tenant-acme.yaml");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            kavsak.bindClaims();
            HttpResponse<String> registered = kavsak.call("GET", "/api/v1/tenants/acme", ADMIN, null);
            assertThat(registered.statusCode()).isEqualTo(200);
            JsonNode tenant = JSON.readTree(registered.body());
            assertThat(tenant.path("active").asBoolean()).isTrue();
            assertThat(tenant.path("privacy_contact").asText()).isEqualTo("privacy@acme.example");
            assertThat(tenant.path("storage_path").asText()).isEqualTo("/var/lib/kavsak/tenants/acme");
            assertThat(condition(resource("tenants", "Tenant", "acme"), "Ready")).isEqualTo("True");
        });

        Deployment hub = client.apps().deployments().inNamespace(KavsakOnKubernetes.NAMESPACE)
                .withName("kavsak-hub").get();
        assertThat(hub.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/kavsak/tenants/acme"));
    }

    @Test
    @Order(2)
    void anAppliedRecallRequestErasesTheUsersDataAndReportsCompleted() throws Exception {
        for (String user : List.of("42", "43")) {
            assertThat(kavsak.call("PUT", "/api/v1/features/" + user, ADMIN,
                    "{\"features\": {\"payment_timeliness\": 0.8, \"income_stability\": 0.6}}").statusCode())
                    .isBetween(200, 201);
            assertThat(kavsak.call("POST", "/api/v1/training-events", ADMIN,
                    "{\"user_id\": \"" + user + "\", \"kind\": \"click\", \"payload\": {\"page\": \"offers\"}}")
                    .statusCode()).isBetween(200, 202);
        }

        kavsak.apply("recallrequest-acme-user-42.yaml");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            Map<String, Object> status = status(resource("recallrequests", "RecallRequest", "acme-user-42"));
            assertThat(status).isNotNull();
            assertThat(status.get("state")).isEqualTo("COMPLETED");
            assertThat(status.get("completedAt")).isNotNull();
            assertThat(status.get("requestId")).isNotNull();
        });

        JsonNode erased = JSON.readTree(kavsak.call("GET", "/api/v1/features/42", ADMIN, null).body());
        assertThat(erased.path("offline").size()).isZero();
        assertThat(erased.path("online").size()).isZero();
        assertThat(JSON.readTree(kavsak.call("GET", "/api/v1/training-events?user_id=42", ADMIN, null).body()))
                .isEmpty();
        JsonNode untouched = JSON.readTree(kavsak.call("GET", "/api/v1/features/43", ADMIN, null).body());
        assertThat(untouched.path("offline").size()).isEqualTo(2);
        assertThat(JSON.readTree(kavsak.call("GET", "/api/v1/training-events?user_id=43", ADMIN, null).body()))
                .hasSize(1);

        String requestId = (String) status(resource("recallrequests", "RecallRequest", "acme-user-42"))
                .get("requestId");
        JsonNode recall = JSON.readTree(kavsak.call("GET", "/api/v1/tenants/acme/recalls/" + requestId,
                KavsakOnKubernetes.TOKENS.operator(), null).body());
        assertThat(recall.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(recall.path("audit")).isNotEmpty();
    }

    private static GenericKubernetesResource resource(String plural, String kind, String name) {
        return client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                        .withGroup("kavsak.io").withVersion("v1alpha1").withPlural(plural).withKind(kind)
                        .withNamespaced(true).build())
                .inNamespace(KavsakOnKubernetes.NAMESPACE).withName(name).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource resource) {
        return resource == null ? null : (Map<String, Object>) resource.getAdditionalProperties().get("status");
    }

    @SuppressWarnings("unchecked")
    private static String condition(GenericKubernetesResource resource, String type) {
        Map<String, Object> status = status(resource);
        if (status == null) {
            return null;
        }
        return ((List<Map<String, Object>>) status.getOrDefault("conditions", List.of())).stream()
                .filter(c -> type.equals(c.get("type"))).map(c -> (String) c.get("status"))
                .findFirst().orElse(null);
    }
}
