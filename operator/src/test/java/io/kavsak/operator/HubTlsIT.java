package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kavsak.operator.hub.HubClient;
import io.kavsak.operator.hub.HubTrust;
import io.kavsak.operator.hub.HubUnavailableException;
import io.kavsak.operator.storage.DeletionPolicy;
import io.kavsak.operator.tenant.Tenant;

/** The operator reaches a hub serving HTTPS only through the CA it is given (ca.crt, as cert-manager writes it). */
@EnableKubernetesMockClient(crud = true)
class HubTlsIT {

  static KubernetesClient client;
  private final TestCertificates certificates = TestCertificates.issue("kavsak-test-ca");
  private Path caFile;
  private OperatorHarness harness;

  @BeforeEach
  void start() throws Exception {
    caFile = certificates.writeCaPem(Path.of("target", "hub-tls", "ca.crt").toAbsolutePath());
    harness = new OperatorHarness(client, new FakeHub(Optional.of(certificates.serverContext())), Optional.of(caFile));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void operatorRegistersATenantOverTlsTrustingTheGivenCa() {
    assertThat(harness.hub.uri().getScheme()).isEqualTo("https");
    harness.startOperator();

    client.resource(TenantReconcilerIT.tenant("secure", DeletionPolicy.Retain)).create();

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(harness.hub.tenants.get("secure")).containsEntry("active", true);
      Tenant tenant = client.resources(Tenant.class).inNamespace(OperatorHarness.NAMESPACE).withName("secure").get();
      assertThat(tenant.getStatus()).isNotNull();
      assertThat(tenant.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Registered");
        assertThat(c.getStatus()).isEqualTo("True");
      });
    });
  }

  @Test
  void withoutTheCaTheHubsCertificateIsRefused() {
    HubClient defaultTrust = new HubClient(harness.hub.uri(), OperatorHarness.tokens(), Optional.empty());

    assertThatThrownBy(() -> defaultTrust.getTenant("acme"))
        .isInstanceOf(HubUnavailableException.class)
        .hasCauseInstanceOf(SSLHandshakeException.class)
        .hasStackTraceContaining("unable to find valid certification path");
    assertThat(harness.hub.tenants).isEmpty();
  }

  @Test
  void anotherCaDoesNotVouchForTheHub() throws Exception {
    Path otherCa = TestCertificates.issue("some-other-ca").writeCaPem(Path.of("target", "hub-tls", "other-ca.crt")
        .toAbsolutePath());
    HubClient wrongTrust = new HubClient(harness.hub.uri(), OperatorHarness.tokens(),
        Optional.of(HubTrust.trusting(otherCa)));

    assertThatThrownBy(() -> wrongTrust.putTenant("acme", "Acme", null, "/var/lib/kavsak/tenants/acme"))
        .isInstanceOf(HubUnavailableException.class).hasCauseInstanceOf(SSLHandshakeException.class);
    assertThat(harness.hub.tenants).isEmpty();
  }

  @Test
  void aNameTheCertificateDoesNotCoverIsRefused() {
    URI byName = URI.create("https://localhost:" + harness.hub.uri().getPort());
    HubClient client = new HubClient(byName, OperatorHarness.tokens(), Optional.of(HubTrust.trusting(caFile)));

    assertThatThrownBy(() -> client.getTenant("acme"))
        .as("the certificate names 127.0.0.1 only").isInstanceOf(HubUnavailableException.class)
        .hasCauseInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void withTheCaTheClientReachesTheHub() {
    HubClient trusting = new HubClient(harness.hub.uri(), OperatorHarness.tokens(),
        Optional.of(HubTrust.trusting(caFile)));

    trusting.putTenant("acme", "Acme", "privacy@acme.example", "/var/lib/kavsak/tenants/acme");

    assertThat(trusting.getTenant("acme")).hasValueSatisfying(t -> assertThat(t.active()).isTrue());
    assertThat(harness.hub.unauthorized.get()).isZero();
  }
}
