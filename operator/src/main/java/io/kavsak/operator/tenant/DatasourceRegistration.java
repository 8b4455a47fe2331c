package io.kavsak.operator.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kavsak.operator.hub.HubClient;
import io.kavsak.operator.hub.HubDatasource;
import io.kavsak.operator.hub.HubRejectedException;

/**
 * Registers a Tenant's {@code spec.datasources} in the hub with the login read from each one's Secret; registers one
 * again when its Secret or its entry changed or the hub lost it, and removes from the hub those it registered that
 * left the spec. What was registered is remembered in {@code status.datasources}, never the login itself.
 */
public final class DatasourceRegistration {

  public static final String REGISTERED = "Registered";
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String KEY_MISSING = "KeyMissing";
  public static final String HUB_REJECTED = "HubRejected";
  public static final String DUPLICATE_ID = "DuplicateId";

  private final HubClient hub;

  public DatasourceRegistration(HubClient hub) {
    this.hub = hub;
  }

  /**
   * The Secrets the Tenants' datasources name, watched so a changed login is registered again at once. The
   * informer caches the Secrets of the operator's namespace: the RBAC grants get, list and watch on Secrets there.
   */
  static InformerEventSource<Secret, Tenant> secretEvents(EventSourceContext<Tenant> context) {
    var configuration = InformerEventSourceConfiguration.from(Secret.class, Tenant.class)
        .withName("datasource-secrets")
        .withPrimaryToSecondaryMapper((Tenant tenant) -> secretNames(tenant).stream()
            .map(name -> new ResourceID(name, tenant.getMetadata().getNamespace())).collect(Collectors.toSet()))
        .withSecondaryToPrimaryMapper((Secret secret) -> context.getPrimaryCache()
            .list(secret.getMetadata().getNamespace(), tenant -> secretNames(tenant).contains(
                secret.getMetadata().getName()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  static Set<String> secretNames(Tenant tenant) {
    return declared(tenant).stream().map(d -> d.getSecretRef().getName()).collect(Collectors.toSet());
  }

  /**
   * Brings the hub in line with the spec and returns the new {@code status.datasources}. A hub that cannot be
   * reached throws {@link io.kavsak.operator.hub.HubUnavailableException}, for the SDK to retry.
   *
   * @param secrets the Secrets the datasources name, by name, as the informer holds them
   */
  public List<DatasourceStatus> reconcile(Tenant tenant, Map<String, Secret> secrets) {
    if (declared(tenant).isEmpty() && previous(tenant).isEmpty()) {
      return List.of();
    }
    String tenantId = tenant.getSpec().getTenantId();
    Map<String, DatasourceStatus> before = previous(tenant).stream().filter(d -> !DUPLICATE_ID.equals(d.getReason()))
        .collect(Collectors.toMap(DatasourceStatus::getId, Function.identity(), (a, b) -> a));
    Set<String> held = hub.listDatasources(tenantId).stream().map(HubDatasource::id).collect(Collectors.toSet());
    List<DatasourceStatus> next = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (DatasourceSpec datasource : declared(tenant)) {
      if (!seen.add(datasource.getId())) {
        next.add(new DatasourceStatus(datasource.getId(), false, DUPLICATE_ID, "Datasource id " + datasource.getId()
            + " is declared more than once; only its first entry is registered", null, null));
        continue;
      }
      next.add(register(tenant, datasource, Optional.ofNullable(secrets.get(datasource.getSecretRef().getName())),
          Optional.ofNullable(before.get(datasource.getId())), held.contains(datasource.getId())));
    }
    Set<String> declaredIds = declared(tenant).stream().map(DatasourceSpec::getId).collect(Collectors.toSet());
    for (DatasourceStatus gone : before.values()) {
      if (!declaredIds.contains(gone.getId())) {
        hub.deleteDatasource(tenantId, gone.getId());
      }
    }
    return next;
  }

  /** Removes every datasource the operator registered for the Tenant (it is being deleted). */
  public void removeAll(Tenant tenant) {
    for (DatasourceStatus registered : previous(tenant)) {
      hub.deleteDatasource(tenant.getSpec().getTenantId(), registered.getId());
    }
  }

  private DatasourceStatus register(Tenant tenant, DatasourceSpec datasource, Optional<Secret> secret,
      Optional<DatasourceStatus> before, boolean held) {
    String id = datasource.getId();
    CredentialsSecretRef ref = datasource.getSecretRef();
    String appliedVersion = before.map(DatasourceStatus::getAppliedSecretVersion).orElse(null);
    String appliedSpec = before.map(DatasourceStatus::getAppliedSpec).orElse(null);
    if (secret.isEmpty()) {
      return new DatasourceStatus(id, false, SECRET_NOT_FOUND, "Secret " + ref.getName() + " not found in namespace "
          + tenant.getMetadata().getNamespace(), appliedVersion, appliedSpec);
    }
    Optional<String> username = value(secret.get(), ref.getUsernameKey());
    Optional<String> password = value(secret.get(), ref.getPasswordKey());
    if (username.isEmpty() || password.isEmpty()) {
      String key = username.isEmpty() ? ref.getUsernameKey() : ref.getPasswordKey();
      return new DatasourceStatus(id, false, KEY_MISSING, "Secret " + ref.getName() + " has no non-empty key " + key,
          appliedVersion, appliedSpec);
    }
    String version = secret.get().getMetadata().getResourceVersion();
    String digest = digest(datasource);
    boolean unchanged = Objects.equals(version, appliedVersion) && Objects.equals(digest, appliedSpec);
    if (unchanged && before.get().getRegistered() == Boolean.TRUE && held) {
      return before.get();
    }
    if (unchanged && HUB_REJECTED.equals(before.get().getReason())) {
      // the same request would be refused again: wait for the Secret or the entry to change
      return before.get();
    }
    try {
      hub.putDatasource(tenant.getSpec().getTenantId(), id, datasource.getJdbcUrl(), username.get(), password.get(),
          datasource.getSchema());
      return new DatasourceStatus(id, true, REGISTERED, "Registered in the hub with the login from Secret "
          + ref.getName(), version, digest);
    } catch (HubRejectedException e) {
      return new DatasourceStatus(id, false, HUB_REJECTED, "The hub refused datasource " + id + " ("
          + e.statusCode() + "): " + e.detail(), version, digest);
    }
  }

  private static Optional<String> value(Secret secret, String key) {
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    if (encoded == null) {
      return Optional.ofNullable(secret.getStringData() == null ? null : secret.getStringData().get(key))
          .filter(v -> !v.isEmpty());
    }
    return Optional.of(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)).filter(v -> !v.isEmpty());
  }

  /** A digest of what the entry asks for, so a changed URL, schema or Secret reference is registered again. */
  static String digest(DatasourceSpec datasource) {
    String entry = String.join("\n", datasource.getJdbcUrl(), String.valueOf(datasource.getSchema()),
        datasource.getSecretRef().getName(), datasource.getSecretRef().getUsernameKey(),
        datasource.getSecretRef().getPasswordKey());
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(entry.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<DatasourceSpec> declared(Tenant tenant) {
    return tenant.getSpec().getDatasources() == null ? List.of() : tenant.getSpec().getDatasources();
  }

  private static List<DatasourceStatus> previous(Tenant tenant) {
    return tenant.getStatus() == null || tenant.getStatus().getDatasources() == null ? List.of()
        : tenant.getStatus().getDatasources();
  }
}
