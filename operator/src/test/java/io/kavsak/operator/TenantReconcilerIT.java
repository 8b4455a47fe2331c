package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kavsak.operator.storage.DeletionPolicy;
import io.kavsak.operator.storage.StorageSpec;
import io.kavsak.operator.tenant.Tenant;
import io.kavsak.operator.tenant.TenantSpec;

/** The Tenant reconciler against the mock API server and a stand-in hub. */
@EnableKubernetesMockClient(crud = true)
class TenantReconcilerIT {

  static KubernetesClient client;
  private OperatorHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new OperatorHarness(client);
    harness.startOperator();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void tenantGetsClaimRegistrationAndMountAndBecomesReadyOnceBound() {
    create(tenant("acme", DeletionPolicy.Retain));

    PersistentVolumeClaim claim = await().atMost(Duration.ofSeconds(20)).until(() -> claim("acme"), c -> c != null);
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("1Gi");
    assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(claim.getMetadata().getOwnerReferences()).as("no owner reference: never garbage-collected").isEmpty();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(harness.hub.tenants).containsKey("acme");
      assertThat(harness.hub.tenants.get("acme")).containsEntry("active", true)
          .containsEntry("storage_path", "/var/lib/kavsak/tenants/acme")
          .containsEntry("display_name", "Acme Corp");
      assertThat(mountPathOf("tenant-acme")).isEqualTo("/var/lib/kavsak/tenants/acme");
      assertThat(condition("acme", "Registered")).extracting(Condition::getStatus).isEqualTo("True");
      assertThat(condition("acme", "StorageReady")).extracting(Condition::getStatus).isEqualTo("False");
      assertThat(condition("acme", "Ready")).extracting(Condition::getStatus).isEqualTo("False");
    });
    assertThat(volumeNames()).as("kustomize's own volume untouched").contains("routes");

    bind("acme");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(condition("acme", "StorageReady").getStatus()).isEqualTo("True");
      assertThat(condition("acme", "Ready").getStatus()).isEqualTo("True");
      assertThat(tenantNow("acme").getStatus().getPhase()).isEqualTo("Ready");
      assertThat(tenantNow("acme").getStatus().getPvcName()).isEqualTo("kavsak-tenant-acme");
    });
    assertThat(harness.hub.unauthorized.get()).isZero();
  }

  @Test
  void updatingDisplayNameAndGrowingStorageReachHubAndClaim() {
    create(tenant("globex", DeletionPolicy.Retain));
    await().atMost(Duration.ofSeconds(20)).until(() -> harness.hub.tenants.containsKey("globex"));

    patchSpec("globex", "{\"spec\":{\"displayName\":\"Globex International\",\"storage\":{\"size\":\"5Gi\"}}}");

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(harness.hub.tenants.get("globex")).containsEntry("display_name", "Globex International");
      assertThat(claim("globex").getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("5Gi");
    });

    patchSpec("globex", "{\"spec\":{\"storage\":{\"size\":\"2Gi\"}}}");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(claim("globex").getSpec().getResources().getRequests().get("storage").toString())
            .as("a claim is never shrunk").isEqualTo("5Gi"));
  }

  @Test
  void deletingWithRetainDeactivatesUnmountsAndKeepsTheClaim() {
    create(tenant("keep", DeletionPolicy.Retain));
    await().atMost(Duration.ofSeconds(20)).until(() -> mountPathOf("tenant-keep") != null);

    client.resource(tenantNow("keep")).delete();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(tenantNow("keep")).isNull();
      assertThat(harness.hub.tenants.get("keep")).containsEntry("active", false);
      assertThat(mountPathOf("tenant-keep")).isNull();
      assertThat(volumeNames()).doesNotContain("tenant-keep").contains("routes");
    });
    assertThat(claim("keep")).as("Retain keeps the claim and its data").isNotNull();
  }

  @Test
  void deletingWithDeletePolicyRemovesTheClaim() {
    create(tenant("scratch", DeletionPolicy.Delete));
    await().atMost(Duration.ofSeconds(20)).until(() -> mountPathOf("tenant-scratch") != null);

    client.resource(tenantNow("scratch")).delete();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(tenantNow("scratch")).isNull();
      assertThat(claim("scratch")).isNull();
      assertThat(harness.hub.tenants.get("scratch")).containsEntry("active", false);
    });
  }

  @Test
  void hubDownThenUpEndsRegistered() throws Exception {
    harness.hub.stop();
    create(tenant("later", DeletionPolicy.Retain));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Condition registered = condition("later", "Registered");
      assertThat(registered.getStatus()).isEqualTo("False");
      assertThat(registered.getReason()).isEqualTo("HubUnavailable");
      assertThat(tenantNow("later").getStatus().getPhase()).isEqualTo("Degraded");
    });

    harness.hub.restart();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(harness.hub.tenants.get("later")).containsEntry("active", true);
      assertThat(condition("later", "Registered").getStatus()).isEqualTo("True");
    });
  }

  private void patchSpec(String name, String mergePatch) {
    client.resources(Tenant.class).inNamespace(OperatorHarness.NAMESPACE).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  private void create(Tenant tenant) {
    client.resource(tenant).create();
  }

  private Tenant tenantNow(String name) {
    return client.resources(Tenant.class).inNamespace(OperatorHarness.NAMESPACE).withName(name).get();
  }

  private Condition condition(String name, String type) {
    Tenant tenant = tenantNow(name);
    if (tenant == null || tenant.getStatus() == null) {
      return new Condition();
    }
    return tenant.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElse(new Condition());
  }

  private PersistentVolumeClaim claim(String tenantId) {
    return client.persistentVolumeClaims().inNamespace(OperatorHarness.NAMESPACE).withName("kavsak-tenant-" + tenantId)
        .get();
  }

  private void bind(String tenantId) {
    PersistentVolumeClaim claim = claim(tenantId);
    claim.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
    client.resource(claim).updateStatus();
  }

  private String mountPathOf(String volume) {
    return harness.hubDeploymentNow().getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts()
        .stream().filter(m -> m.getName().equals(volume)).map(m -> m.getMountPath()).findFirst().orElse(null);
  }

  private List<String> volumeNames() {
    return harness.hubDeploymentNow().getSpec().getTemplate().getSpec().getVolumes().stream()
        .map(v -> v.getName()).toList();
  }

  static Tenant tenant(String id, DeletionPolicy policy) {
    Tenant tenant = new Tenant();
    tenant.getMetadata().setName(id);
    tenant.getMetadata().setNamespace(OperatorHarness.NAMESPACE);
    TenantSpec spec = new TenantSpec();
    spec.setTenantId(id);
    spec.setDisplayName(id.equals("acme") ? "Acme Corp" : id);
    spec.setPrivacyContact("privacy@" + id + ".example");
    StorageSpec storage = new StorageSpec();
    storage.setSize("1Gi");
    storage.setDeletionPolicy(policy);
    spec.setStorage(storage);
    tenant.setSpec(spec);
    return tenant;
  }
}
