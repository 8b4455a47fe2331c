package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kavsak.operator.storage.DeletionPolicy;
import io.kavsak.operator.tenant.CredentialsSecretRef;
import io.kavsak.operator.tenant.DatasourceSpec;
import io.kavsak.operator.tenant.DatasourceStatus;
import io.kavsak.operator.tenant.Tenant;

/**
 * A Tenant's spec.datasources registered in the stand-in hub over its datasource API with the logins from their
 * Secrets: registered again when a Secret changes, removed when they leave the spec or the Tenant goes, and each
 * outcome (Registered, SecretNotFound, KeyMissing, HubRejected) in status.datasources.
 */
@EnableKubernetesMockClient(crud = true)
class TenantDatasourcesIT {

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
  void eachDatasourceIsRegisteredWithItsSecretsLoginOrSaysWhyNotAndAChangedSecretIsRegisteredAgain() {
    secret("dsa-sales-db", Map.of("username", "report_reader", "password", "first-password"));
    secret("dsa-partial", Map.of("username", "only_a_user"));
    Tenant tenant = TenantReconcilerIT.tenant("dsa", DeletionPolicy.Retain);
    tenant.getSpec().setDatasources(List.of(
        datasource("sales", "jdbc:postgresql://db.dsa.internal:5432/sales", "dsa-sales-db", "public"),
        datasource("legacy", "jdbc:mysql://db.dsa.internal:3306/legacy", "dsa-sales-db", null),
        datasource("later", "jdbc:postgresql://db.dsa.internal:5432/later", "dsa-later-db", null),
        datasource("partial", "jdbc:postgresql://db.dsa.internal:5432/partial", "dsa-partial", null)));
    client.resource(tenant).create();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(held("dsa", "sales")).containsEntry("jdbc_url", "jdbc:postgresql://db.dsa.internal:5432/sales")
          .containsEntry("username", "report_reader").containsEntry("password", "first-password")
          .containsEntry("schema", "public");
      assertThat(status("dsa", "sales")).extracting(DatasourceStatus::getRegistered, DatasourceStatus::getReason)
          .containsExactly(true, "Registered");
      assertThat(status("dsa", "legacy").getReason()).isEqualTo("HubRejected");
      assertThat(status("dsa", "legacy").getMessage()).contains("(400)").contains("Only PostgreSQL JDBC URLs");
      assertThat(status("dsa", "later").getReason()).isEqualTo("SecretNotFound");
      assertThat(status("dsa", "later").getMessage()).contains("dsa-later-db");
      assertThat(status("dsa", "partial").getReason()).isEqualTo("KeyMissing");
      assertThat(status("dsa", "partial").getMessage()).contains("password");
      assertThat(condition("dsa", "DatasourcesRegistered").getStatus()).isEqualTo("False");
      assertThat(condition("dsa", "DatasourcesRegistered").getReason()).isEqualTo("HubRejected");
    });
    assertThat(harness.hub.datasources.get("dsa")).containsOnlyKeys("sales");
    assertThat(Serialization.asJson(tenantNow("dsa"))).as("no login in the custom resource")
        .doesNotContain("first-password").doesNotContain("report_reader");

    secret("dsa-sales-db", Map.of("username", "report_reader", "password", "second-password"));
    secret("dsa-later-db", Map.of("username", "later_user", "password", "later-password"));
    secret("dsa-partial", Map.of("username", "only_a_user", "password", "now-complete"));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(held("dsa", "sales")).containsEntry("password", "second-password");
      assertThat(held("dsa", "later")).containsEntry("username", "later_user").containsEntry("password", "later-password");
      assertThat(held("dsa", "partial")).containsEntry("password", "now-complete");
      assertThat(status("dsa", "later").getReason()).isEqualTo("Registered");
      assertThat(status("dsa", "partial").getReason()).isEqualTo("Registered");
    });
    // once per login; a reconcile that reads the Tenant before its last status write is back may send it once more
    assertThat(puts("dsa/sales")).as("registered again for the new login, not on every reconcile").isBetween(2, 4);
    assertThat(puts("dsa/legacy")).as("a refused entry is sent again only when it or its Secret changes")
        .isBetween(2, 4);

    // as kubectl edit: the whole list replaced (the mock's JSON merge patch would append to it)
    client.resources(Tenant.class).inNamespace(OperatorHarness.NAMESPACE).withName("dsa").edit(t -> {
      t.getSpec().setDatasources(List.of(
          datasource("sales", "jdbc:postgresql://db.dsa.internal:5432/sales", "dsa-sales-db", "public"),
          datasource("legacy", "jdbc:postgresql://db.dsa.internal:5432/legacy", "dsa-sales-db", null)));
      return t;
    });

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(held("dsa", "legacy")).as(Serialization.asJson(tenantNow("dsa").getStatus().getDatasources()))
          .containsEntry("jdbc_url", "jdbc:postgresql://db.dsa.internal:5432/legacy");
      assertThat(harness.hub.datasources.get("dsa")).as("entries left out of the spec are removed")
          .containsOnlyKeys("sales", "legacy");
      assertThat(condition("dsa", "DatasourcesRegistered").getStatus()).isEqualTo("True");
      assertThat(tenantNow("dsa").getStatus().getDatasources()).extracting(DatasourceStatus::getId)
          .containsExactly("sales", "legacy");
    });
    assertThat(condition("dsa", "Registered").getStatus()).isEqualTo("True");
    assertThat(harness.hub.unauthorized.get()).isZero();
  }

  @Test
  void datasourcesRegisteredOverRestAreLeftAloneAndTheTenantsOwnAreRemovedWithIt() {
    secret("dsb-db", Map.of("username", "reader", "password", "pw"));
    Tenant tenant = TenantReconcilerIT.tenant("dsb", DeletionPolicy.Retain);
    tenant.getSpec().setDatasources(List.of(
        datasource("orders", "jdbc:postgresql://db.dsb.internal:5432/orders", "dsb-db", null)));
    client.resource(tenant).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> held("dsb", "orders") != null);
    // one a tenant admin registered over REST, which the Tenant does not declare
    harness.hub.datasources.get("dsb").put("by-admin", new ConcurrentHashMap<>(Map.of("id", "by-admin",
        "jdbc_url", "jdbc:postgresql://elsewhere:5432/db", "username", "u", "password", "p")));
    secret("dsb-db", Map.of("username", "reader", "password", "pw2"));
    await().atMost(Duration.ofSeconds(30)).until(() -> "pw2".equals(held("dsb", "orders").get("password")));
    assertThat(harness.hub.datasources.get("dsb")).containsKey("by-admin");

    client.resource(tenantNow("dsb")).delete();

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertThat(tenantNow("dsb")).isNull();
      assertThat(harness.hub.datasources.get("dsb")).as("the Tenant's own go with it, the admin's stay")
          .containsOnlyKeys("by-admin");
      assertThat(harness.hub.tenants.get("dsb")).containsEntry("active", false);
    });
  }

  static DatasourceSpec datasource(String id, String url, String secret, String schema) {
    DatasourceSpec datasource = new DatasourceSpec();
    datasource.setId(id);
    datasource.setJdbcUrl(url);
    datasource.setSchema(schema);
    CredentialsSecretRef ref = new CredentialsSecretRef();
    ref.setName(secret);
    datasource.setSecretRef(ref);
    return datasource;
  }

  /** Creates or replaces a Secret, as kubectl apply would. */
  private void secret(String name, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((key, value) -> data.put(key,
        Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    Secret secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace(OperatorHarness.NAMESPACE)
        .endMetadata().withData(data).build();
    client.resource(secret).createOr(r -> r.update());
  }

  private Map<String, Object> held(String tenantId, String id) {
    return harness.hub.datasources.getOrDefault(tenantId, Map.of()).get(id);
  }

  private int puts(String key) {
    return Optional.ofNullable(harness.hub.datasourcePuts.get(key)).map(AtomicInteger::get).orElse(0);
  }

  private DatasourceStatus status(String name, String id) {
    Tenant tenant = tenantNow(name);
    return tenant == null || tenant.getStatus() == null ? new DatasourceStatus()
        : tenant.getStatus().getDatasources().stream().filter(d -> id.equals(d.getId())).findFirst()
            .orElse(new DatasourceStatus());
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
}
