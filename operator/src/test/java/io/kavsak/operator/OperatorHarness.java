package io.kavsak.operator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kavsak.operator.hub.OperatorTokenSigner;

/** Runs the real operator against the mock API server (CRUD mode) and a FakeHub; SSA is off, the mock lacks it. */
final class OperatorHarness implements AutoCloseable {

  static final String NAMESPACE = "kavsak";

  final KubernetesClient client;
  final FakeHub hub;
  private KavsakOperator operator;

  private final Optional<Path> hubCaFile;

  OperatorHarness(KubernetesClient client) throws IOException {
    this(client, new FakeHub(), Optional.empty());
  }

  /** @param hubCaFile the CA the operator trusts the hub with (a FakeHub serving HTTPS) */
  OperatorHarness(KubernetesClient client, FakeHub hub, Optional<Path> hubCaFile) throws IOException {
    this.client = client;
    this.hub = hub;
    this.hubCaFile = hubCaFile;
    installCrds();
    client.apps().deployments().inNamespace(NAMESPACE).resource(hubDeployment()).createOr(r -> r.update());
  }

  /** The operator's own token signer, configured as the FakeHub verifies. */
  static OperatorTokenSigner tokens() {
    return new OperatorTokenSigner(FakeHub.SECRET, Optional.of(FakeHub.ISSUER), Optional.of(FakeHub.AUDIENCE),
        Clock.systemUTC());
  }

  KavsakOperator startOperator() {
    return startOperator(Optional.empty());
  }

  /** @param defaultRecallTtl what KAVSAK_RECALL_DEFAULT_TTL_SECONDS sets */
  KavsakOperator startOperator(Optional<Duration> defaultRecallTtl) {
    OperatorSettings settings = new OperatorSettings(NAMESPACE, hub.uri(), tokens(), hubCaFile, false, "test", 0,
        Duration.ofMillis(300), Duration.ofMillis(300), defaultRecallTtl);
    operator = new KavsakOperator(client, settings, o -> o
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withUseSSAToPatchPrimaryResource(false)
        .withCloseClientOnStop(false)).start();
    return operator;
  }

  void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  Deployment hubDeploymentNow() {
    return client.apps().deployments().inNamespace(NAMESPACE).withName("kavsak-hub").get();
  }

  /** What `kubectl scale deployment/kavsak-hub --replicas=n` does. */
  void scaleHub(int replicas) {
    // A merge patch carries no resourceVersion, so it cannot lose a race with the reconciler's own writes (409).
    client.apps().deployments().inNamespace(NAMESPACE).withName("kavsak-hub")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  @Override
  public void close() {
    stopOperator();
    hub.close();
  }

  private void installCrds() throws IOException {
    try (Stream<Path> files = Files.list(RepositoryPaths.committedCrds())) {
      for (Path crd : files.filter(p -> p.toString().endsWith("-v1.yml")).toList()) {
        try (InputStream in = Files.newInputStream(crd)) {
          CustomResourceDefinition definition = client.apiextensions().v1().customResourceDefinitions().load(in).item();
          client.apiextensions().v1().customResourceDefinitions().resource(definition).createOr(r -> r.update());
        }
      }
    }
  }

  /** The hub Deployment as kustomize/base declares it, reduced to what the operator touches. */
  private static Deployment hubDeployment() {
    return new DeploymentBuilder()
        .withNewMetadata().withName("kavsak-hub").withNamespace(NAMESPACE).endMetadata()
        .withNewSpec()
          .withNewSelector().addToMatchLabels("app.kubernetes.io/name", "kavsak-hub").endSelector()
          .withNewTemplate()
            .withNewMetadata().addToLabels("app.kubernetes.io/name", "kavsak-hub").endMetadata()
            .withNewSpec()
              .addNewContainer().withName("hub").withImage("ghcr.io/kavsak/kavsak-hub:0.1.0")
                .addNewVolumeMount().withName("routes").withMountPath("/config/routes").endVolumeMount()
              .endContainer()
              .addNewVolume().withName("routes").withNewConfigMap().withName("kavsak-routes").endConfigMap().endVolume()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }
}
