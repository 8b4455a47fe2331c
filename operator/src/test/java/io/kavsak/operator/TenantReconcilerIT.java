package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
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
import io.kavsak.operator.storage.AccessMode;
import io.kavsak.operator.storage.DeletionPolicy;
import io.kavsak.operator.storage.StorageSpec;
import io.kavsak.operator.tenant.Tenant;
import io.kavsak.operator.tenant.TenantSpec;

/** The Tenant reconciler against the mock API server and a stand-in hub. Each test uses its own tenant ids. */
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
    assertThat(claim.getSpec().getAccessModes()).as("shared by every hub replica by default")
        .containsExactly("ReadWriteMany");
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
      assertThat(condition("acme", "Ready").getReason()).isEqualTo("VolumeNotBound");
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
      assertThat(condition("later", "Ready").getReason()).isEqualTo("HubUnavailable");
      assertThat(tenantNow("later").getStatus().getPhase()).isEqualTo("Degraded");
    });

    harness.hub.restart();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(harness.hub.tenants.get("later")).containsEntry("active", true);
      assertThat(condition("later", "Registered").getStatus()).isEqualTo("True");
    });
  }

  @Test
  void hubRefusalShowsAsHubRejectedWithTheHubsDetailAndIsNotRetried() {
    harness.hub.refusedTenants.put("refused", "privacy_contact: must be a well-formed email address");
    create(tenant("refused", DeletionPolicy.Retain));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Condition registered = condition("refused", "Registered");
      assertThat(registered.getStatus()).isEqualTo("False");
      assertThat(registered.getReason()).isEqualTo("HubRejected");
      assertThat(registered.getMessage()).contains("(400)", "privacy_contact: must be a well-formed email address");
      assertThat(condition("refused", "Ready").getReason()).isEqualTo("HubRejected");
    });
    int puts = harness.hub.tenantPuts.get("refused").get();
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(harness.hub.tenantPuts.get("refused").get()).as("a refused request is not retried").isEqualTo(puts));
  }

  @Test
  void lostVolumeShowsAsVolumeProblem() {
    create(tenant("lost", DeletionPolicy.Retain));
    await().atMost(Duration.ofSeconds(20)).until(() -> "True".equals(condition("lost", "Registered").getStatus()));

    PersistentVolumeClaim claim = claim("lost");
    claim.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Lost").build());
    client.resource(claim).updateStatus();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Condition storage = condition("lost", "StorageReady");
      assertThat(storage.getStatus()).isEqualTo("False");
      assertThat(storage.getReason()).isEqualTo("VolumeProblem");
      assertThat(storage.getMessage()).contains("kavsak-tenant-lost", "Lost");
      assertThat(condition("lost", "Ready").getReason()).isEqualTo("VolumeProblem");
      assertThat(condition("lost", "Registered").getStatus()).as("the hub side is fine").isEqualTo("True");
      assertThat(tenantNow("lost").getStatus().getPhase()).isEqualTo("Degraded");
    });
  }

  @Test
  void readWriteOnceVolumeIsNotMountedIntoThreeHubReplicasAndSaysWhy() {
    harness.scaleHub(3);
    create(tenant("single", DeletionPolicy.Retain, AccessMode.ReadWriteOnce));
    create(tenant("shared", DeletionPolicy.Retain));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Condition shareable = condition("single", "VolumeShareable");
      assertThat(shareable.getStatus()).isEqualTo("False");
      assertThat(shareable.getReason()).isEqualTo("ReadWriteOnceWithReplicas");
      assertThat(shareable.getMessage()).contains("kavsak-tenant-single", "ReadWriteOnce", "3 replicas");
      assertThat(condition("single", "Mounted").getReason()).isEqualTo("NotShareable");
      assertThat(condition("single", "Ready").getReason()).isEqualTo("ReadWriteOnceWithReplicas");
      assertThat(condition("shared", "VolumeShareable").getStatus()).isEqualTo("True");
      assertThat(mountPathOf("tenant-shared")).isEqualTo("/var/lib/kavsak/tenants/shared");
    });
    assertThat(claim("shared").getSpec().getAccessModes()).containsExactly("ReadWriteMany");
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
        assertThat(volumeNames()).as("replicas on other nodes could not attach it").doesNotContain("tenant-single"));
  }

  @Test
  void scalingTheHubOutFlagsAMountedReadWriteOnceVolume() {
    create(tenant("scaled", DeletionPolicy.Retain, AccessMode.ReadWriteOnce));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(mountPathOf("tenant-scaled")).isNotNull();
      assertThat(condition("scaled", "VolumeShareable").getReason()).isEqualTo("SingleReplica");
    });
    bind("scaled");
    await().atMost(Duration.ofSeconds(20)).until(() -> "True".equals(condition("scaled", "Ready").getStatus()));

    harness.scaleHub(3);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(condition("scaled", "VolumeShareable").getStatus()).isEqualTo("False");
      assertThat(condition("scaled", "VolumeShareable").getMessage()).contains("3 replicas");
      assertThat(condition("scaled", "Ready").getReason()).isEqualTo("ReadWriteOnceWithReplicas");
    });
    assertThat(mountPathOf("tenant-scaled")).as("an existing mount is left in place").isNotNull();
  }

  @Test
  void secondTenantWithTheSameTenantIdIsRefusedAndItsDeletionLeavesTheFirstAlone() {
    Tenant first = tenant("dup-b", DeletionPolicy.Retain);
    first.getSpec().setTenantId("dup");
    create(first);
    await().atMost(Duration.ofSeconds(20)).until(() -> "True".equals(condition("dup-b", "Registered").getStatus())
        && mountPathOf("tenant-dup") != null);
    awaitNextSecondAfterCreationOf("dup-b");

    // Named to sort first, so only its later creationTimestamp makes it the duplicate.
    Tenant second = tenant("dup-a", DeletionPolicy.Delete);
    second.getSpec().setTenantId("dup");
    second.getSpec().setDisplayName("Impostor");
    second.getSpec().getStorage().setSize("3Gi");
    create(second);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Condition ready = condition("dup-a", "Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("DuplicateTenantId");
      assertThat(ready.getMessage()).contains("Tenant dup-b", "tenantId dup");
      assertThat(tenantNow("dup-a").getStatus().getPhase()).isEqualTo("Duplicate");
    });
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
      assertThat(harness.hub.tenants.get("dup")).as("not registered").containsEntry("display_name", "dup-b");
      assertThat(claim("dup").getSpec().getResources().getRequests().get("storage").toString())
          .as("the owner's volume is not grown").isEqualTo("1Gi");
    });

    client.resource(tenantNow("dup-a")).delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> tenantNow("dup-a") == null);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() -> {
      assertThat(harness.hub.tenants.get("dup")).as("not deactivated").containsEntry("active", true);
      assertThat(claim("dup")).as("deletionPolicy Delete of the duplicate does not apply to the owner's claim")
          .isNotNull();
      assertThat(mountPathOf("tenant-dup")).isEqualTo("/var/lib/kavsak/tenants/dup");
      assertThat(condition("dup-b", "Registered").getStatus()).isEqualTo("True");
    });
  }

  @Test
  void secondTenantTakesTheTenantIdOverOnceTheFirstIsDeleted() {
    Tenant first = tenant("heir-b", DeletionPolicy.Retain);
    first.getSpec().setTenantId("heir");
    create(first);
    await().atMost(Duration.ofSeconds(20)).until(() -> "True".equals(condition("heir-b", "Registered").getStatus()));
    bind("heir");
    awaitNextSecondAfterCreationOf("heir-b");
    Tenant second = tenant("heir-a", DeletionPolicy.Retain);
    second.getSpec().setTenantId("heir");
    second.getSpec().setDisplayName("Successor");
    create(second);
    await().atMost(Duration.ofSeconds(20)).until(() -> "DuplicateTenantId".equals(condition("heir-a", "Ready").getReason()));

    client.resource(tenantNow("heir-b")).delete();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(tenantNow("heir-b")).isNull();
      assertThat(harness.hub.tenants.get("heir")).containsEntry("active", true).containsEntry("display_name", "Successor");
      assertThat(mountPathOf("tenant-heir")).isEqualTo("/var/lib/kavsak/tenants/heir");
      assertThat(condition("heir-a", "Ready").getStatus()).as("the retained, bound claim is taken over").isEqualTo("True");
    });
  }

  private void awaitNextSecondAfterCreationOf(String name) {
    Instant created = Instant.parse(tenantNow(name).getMetadata().getCreationTimestamp());
    await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().isAfter(created.plusSeconds(1)));
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

  static Tenant tenant(String id, DeletionPolicy policy, AccessMode accessMode) {
    Tenant tenant = tenant(id, policy);
    tenant.getSpec().getStorage().setAccessModes(List.of(accessMode));
    return tenant;
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
