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
