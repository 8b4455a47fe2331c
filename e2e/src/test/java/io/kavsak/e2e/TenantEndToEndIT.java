package io.kavsak.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class TenantEndToEndIT {

    static KubernetesClient client;
    static KavsakOnKubernetes kavsak;
    private final ObjectMapper json = new ObjectMapper();

    static final ResourceDefinitionContext TENANTS = new ResourceDefinitionContext.Builder()
            .withGroup("kavsak.io").withVersion("v1alpha1").withPlural("tenants").withKind("Tenant")
            .withNamespaced(true).build();

    @BeforeAll
    static void start() throws Exception {
        kavsak = new KavsakOnKubernetes(client);
    }

    @AfterAll
    static void stop() {
        kavsak.close();
    }

    @Test
    void anAppliedTenantIsRegisteredInTheRealHubMountedAndReady() throws Exception {
        kavsak.apply("tenant-acme.yaml");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            kavsak.bindClaims();
            HttpResponse<String> registered = kavsak.call("GET", "/api/v1/tenants/acme",
                    KavsakOnKubernetes.TOKENS.admin("admin-1", "acme"), null);
            assertThat(registered.statusCode()).isEqualTo(200);
            JsonNode tenant = json.readTree(registered.body());
            assertThat(tenant.path("active").asBoolean()).isTrue();
            assertThat(tenant.path("privacy_contact").asText()).isEqualTo("privacy@acme.example");
            assertThat(tenant.path("storage_path").asText()).isEqualTo("/var/lib/kavsak/tenants/acme");
            assertThat(readyCondition()).isEqualTo("True");
        });

        Deployment hub = client.apps().deployments().inNamespace(KavsakOnKubernetes.NAMESPACE)
                .withName("kavsak-hub").get();
        assertThat(hub.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/lib/kavsak/tenants/acme"));
    }

    @SuppressWarnings("unchecked")
    private static String readyCondition() {
        GenericKubernetesResource tenant = client.genericKubernetesResources(TENANTS)
                .inNamespace(KavsakOnKubernetes.NAMESPACE).withName("acme").get();
        Map<String, Object> status = (Map<String, Object>) tenant.getAdditionalProperties().get("status");
        if (status == null) {
            return null;
        }
        return ((List<Map<String, Object>>) status.getOrDefault("conditions", List.of())).stream()
                .filter(c -> "Ready".equals(c.get("type"))).map(c -> (String) c.get("status"))
                .findFirst().orElse(null);
    }
}
