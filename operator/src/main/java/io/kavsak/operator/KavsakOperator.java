package io.kavsak.operator;

import java.time.Clock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.kavsak.operator.events.ResourceEvents;
import io.kavsak.operator.hub.HubClient;
import io.kavsak.operator.hub.HubDeploymentVolumes;
import io.kavsak.operator.hub.HubTrust;
import io.kavsak.operator.mlmodel.MLModelReconciler;
import io.kavsak.operator.recall.RecallRequestReconciler;
import io.kavsak.operator.tenant.DatasourceRegistration;
import io.kavsak.operator.tenant.TenantReconciler;

/** Starts the operator: the three reconcilers on the hub's namespace, leader election, and the health probes. */
public final class KavsakOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KavsakOperator.class);

  private final Operator operator;

  /** @param overrides extra SDK settings; tests use it to turn server-side apply off for the mock API server */
  public KavsakOperator(KubernetesClient client, OperatorSettings settings,
      Consumer<ConfigurationServiceOverrider> overrides) {
    HubClient hub = new HubClient(settings.hubUrl(), settings.hubToken(), settings.hubCaFile().map(HubTrust::trusting));
    HubDeploymentVolumes hubVolumes = new HubDeploymentVolumes(client);
    ResourceEvents events = new ResourceEvents(client);
    Clock clock = Clock.systemUTC();
    operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withDependentResourceFactory(new KavsakDependentResourceFactory(hub))
          .withCloseClientOnStop(false);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME,
            settings.namespace(), settings.identity()));
      }
      overrides.accept(o);
    });
    operator.register(new TenantReconciler(hubVolumes, new DatasourceRegistration(hub), events, clock),
        c -> c.settingNamespaces(settings.namespace()));
    operator.register(new RecallRequestReconciler(hub, events, clock, settings.recallPollInterval(),
        settings.failedRecallPollInterval(), settings.defaultRecallTtl()),
        c -> c.settingNamespaces(settings.namespace()));
    operator.register(new MLModelReconciler(hub, hubVolumes, events, clock),
        c -> c.settingNamespaces(settings.namespace()));
  }

  public KavsakOperator start() {
    operator.start();
    return this;
  }

  /** Live while the SDK runs and its event sources (informers, pollers) are healthy. */
  public boolean isLive() {
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  /** Ready once started; a standby replica is ready too, it only waits for the lease. */
  public boolean isReady() {
    return operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    operator.stop();
  }

  public static void main(String[] args) throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    KavsakOperator kavsak = new KavsakOperator(client, settings, o -> { });
    HealthServer health = new HealthServer(settings.healthPort(), kavsak::isLive, kavsak::isReady).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kavsak.close();
      health.close();
      client.close();
    }, "kavsak-operator-shutdown"));
    LOG.info("Kavsak operator watching namespace {}, hub at {} ({}, {}), leader election {}, completed "
        + "RecallRequests without a TTL {}", settings.namespace(), settings.hubUrl(),
        settings.hubCaFile().map(ca -> "trusting the CA in " + ca).orElse("default trust store"),
        settings.hubCredential(), settings.leaderElection() ? "on" : "off",
        settings.defaultRecallTtl().map(ttl -> "deleted after " + ttl.toSeconds() + " s").orElse("kept"));
    kavsak.start();
    Thread.currentThread().join();
  }
}
