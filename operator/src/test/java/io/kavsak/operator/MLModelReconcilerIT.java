package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kavsak.operator.mlmodel.MLModel;
import io.kavsak.operator.mlmodel.MLModelSpec;
import io.kavsak.operator.storage.AccessMode;
import io.kavsak.operator.storage.DeletionPolicy;
import io.kavsak.operator.storage.StorageSpec;

/** The MLModel reconciler against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class MLModelReconcilerIT {

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
  void modelGetsClaimAndMountAndIsReadyOnceBound() {
    client.resource(model("anomaly-detector", DeletionPolicy.Retain)).create();

    PersistentVolumeClaim claim = await().atMost(Duration.ofSeconds(20)).until(() -> claim("anomaly-detector"),
        c -> c != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> "/var/lib/kavsak/models/anomaly-detector"
        .equals(mountPath("model-anomaly-detector")));

    claim.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
    client.resource(claim).updateStatus();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      MLModel model = modelNow("anomaly-detector");
      assertThat(model.getStatus().getPhase()).isEqualTo("Ready");
      assertThat(model.getStatus().getPvcName()).isEqualTo("kavsak-model-anomaly-detector");
    });
  }

  @Test
  void theHubGetsTheVolumeAndRetentionAndItsReportFillsTheStatus() {
    harness.hub.modelReports.put("report-type", Map.of("model_name", "report-type",
        "active_versions", List.of("acme/v3"), "version_count", 3, "used_bytes", 950, "capacity_bytes", 1000,
        "usage_percent", 95.0, "nearly_full", true, "last_cleanup", Map.of("kind", "emergency", "deleted", 1,
            "freed_bytes", 123, "ran_at", "2026-11-23T03:00:00Z")));
    MLModel model = model("reported-model", DeletionPolicy.Retain);
    model.getSpec().setModelType("report-type");
    model.getSpec().getRetention().setKeepVersions(5);
    client.resource(model).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      MLModel now = modelNow("reported-model");
      assertThat(now.getStatus()).isNotNull();
      assertThat(now.getStatus().getActiveVersion()).isEqualTo("acme/v3");
      assertThat(now.getStatus().getVersionCount()).isEqualTo(3);
      assertThat(now.getStatus().getUsagePercent()).isEqualTo(95);
      assertThat(now.getStatus().getLastCleanupKind()).isEqualTo("emergency");
      assertThat(now.getStatus().getLastCleanupFreedBytes()).isEqualTo(123L);
      assertThat(now.getStatus().getLastCleanupTime()).isEqualTo("2026-11-23T03:00:00Z");
      assertThat(condition(now, "VolumeNearlyFull").getStatus()).isEqualTo("True");
      assertThat(condition(now, "VolumeNearlyFull").getMessage()).contains("95% full", "from 90%");
      assertThat(condition(now, "VersionsReported").getStatus()).isEqualTo("True");
    });
    Map<String, Object> handedOver = harness.hub.modelVolumes.get("report-type");
    assertThat(handedOver).containsEntry("mount_path", "/var/lib/kavsak/models/reported-model")
        .containsEntry("keep_versions", 5).containsEntry("delete_inactive_after_days", 30)
        .containsEntry("emergency_cleanup_disk_percent", 90).containsEntry("cleanup_schedule", "0 3 * * *");
    assertThat(((Number) handedOver.get("capacity_bytes")).longValue()).isEqualTo(2L * 1024 * 1024 * 1024);
  }

  @Test
  void anUnreachableHubIsNamedInVersionsReported() throws Exception {
    harness.hub.stop();
    try {
      client.resource(model("unreported-model", DeletionPolicy.Retain)).create();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        Condition reported = condition(modelNow("unreported-model"), "VersionsReported");
        assertThat(reported.getStatus()).isEqualTo("False");
        assertThat(reported.getReason()).isEqualTo("HubUnavailable");
        assertThat(condition(modelNow("unreported-model"), "VolumeNearlyFull").getStatus()).isNull();
      });
    } finally {
      harness.hub.restart();
    }
  }

  @Test
  void deletingWithDeletePolicyUnmountsAndRemovesTheClaim() {
    client.resource(model("scratch-model", DeletionPolicy.Delete)).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> mountPath("model-scratch-model") != null);

    client.resource(modelNow("scratch-model")).delete();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(modelNow("scratch-model")).isNull();
      assertThat(claim("scratch-model")).isNull();
      assertThat(mountPath("model-scratch-model")).isNull();
    });
  }

  @Test
  void deletingWithRetainPolicyKeepsTheClaim() {
    client.resource(model("kept-model", DeletionPolicy.Retain)).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> mountPath("model-kept-model") != null);

    client.resource(modelNow("kept-model")).delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> modelNow("kept-model") == null
        && mountPath("model-kept-model") == null);
    assertThat(claim("kept-model")).isNotNull();
  }

  @Test
  void readWriteOnceModelVolumeIsNotMountedIntoThreeHubReplicasAndSaysWhy() {
    harness.scaleHub(3);
    MLModel model = model("single-node-model", DeletionPolicy.Retain);
    model.getSpec().getStorage().setAccessModes(List.of(AccessMode.ReadWriteOnce));
    client.resource(model).create();
    client.resource(model("shared-model", DeletionPolicy.Retain)).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      Condition shareable = condition(modelNow("single-node-model"), "VolumeShareable");
      assertThat(shareable.getStatus()).isEqualTo("False");
      assertThat(shareable.getReason()).isEqualTo("ReadWriteOnceWithReplicas");
      assertThat(shareable.getMessage()).contains("kavsak-model-single-node-model", "3 replicas");
      assertThat(condition(modelNow("single-node-model"), "Ready").getReason()).isEqualTo("ReadWriteOnceWithReplicas");
      assertThat(modelNow("single-node-model").getStatus().getPhase()).isEqualTo("Degraded");
      assertThat(mountPath("model-shared-model")).isEqualTo("/var/lib/kavsak/models/shared-model");
      assertThat(condition(modelNow("shared-model"), "VolumeShareable").getReason()).isEqualTo("ReadWriteMany");
    });
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
        assertThat(mountPath("model-single-node-model")).isNull());
  }

  private static Condition condition(MLModel model, String type) {
    return model == null || model.getStatus() == null ? new Condition()
        : model.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
            .orElse(new Condition());
  }

  private MLModel modelNow(String name) {
    return client.resources(MLModel.class).inNamespace(OperatorHarness.NAMESPACE).withName(name).get();
  }

  private PersistentVolumeClaim claim(String name) {
    return client.persistentVolumeClaims().inNamespace(OperatorHarness.NAMESPACE).withName("kavsak-model-" + name)
        .get();
  }

  private String mountPath(String volume) {
    return harness.hubDeploymentNow().getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts()
        .stream().filter(m -> m.getName().equals(volume)).map(m -> m.getMountPath()).findFirst().orElse(null);
  }

  private static MLModel model(String name, DeletionPolicy policy) {
    MLModel model = new MLModel();
    model.getMetadata().setName(name);
    model.getMetadata().setNamespace(OperatorHarness.NAMESPACE);
    MLModelSpec spec = new MLModelSpec();
    spec.setModelType("anomaly-detector");
    StorageSpec storage = new StorageSpec();
    storage.setSize("2Gi");
    storage.setDeletionPolicy(policy);
    spec.setStorage(storage);
    model.setSpec(spec);
    return model;
  }
}
