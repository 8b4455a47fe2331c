package io.kavsak.operator.tenant;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kavsak.operator.hub.HubRejectedException;
import io.kavsak.operator.hub.HubTenant;
import io.kavsak.operator.hub.HubUnavailableException;
import io.kavsak.operator.hub.MountFailedException;
import io.kavsak.operator.status.Conditions;
import io.kavsak.operator.status.Failures;
import io.kavsak.operator.storage.ClaimState;
import io.kavsak.operator.storage.VolumeSharing;

/**
 * Turns what the operator observed of a tenant into its status: StorageReady, VolumeShareable, Registered, Mounted
 * and Ready, whose reason names the first thing in the way (DuplicateTenantId, HubRejected, HubUnavailable,
 * VolumeProblem, ReadWriteOnceWithReplicas, VolumeNotBound, Registering, NotMounted...).
 */
public final class TenantStatusAggregator {

  public static final String STORAGE_READY = "StorageReady";
  public static final String VOLUME_SHAREABLE = "VolumeShareable";
  public static final String REGISTERED = "Registered";
  public static final String MOUNTED = "Mounted";
  public static final String READY = "Ready";
  public static final String DUPLICATE = "DuplicateTenantId";
  public static final String DATASOURCES_REGISTERED = "DatasourcesRegistered";

  private final Clock clock;

  public TenantStatusAggregator(Clock clock) {
    this.clock = clock;
  }

  /**
   * Why the last attempt failed.
   *
   * @param condition the condition the failure concerns
   * @param reason its reason, naming the cause
   * @param message what went wrong, in the words of whoever refused
   */
  public record Failure(String condition, String reason, String message) {

    public static Failure of(Tenant tenant, Exception e) {
      String tenantId = tenant.getSpec().getTenantId();
      Optional<HubRejectedException> rejected = Failures.find(e, HubRejectedException.class);
      if (rejected.isPresent()) {
        return new Failure(REGISTERED, "HubRejected", "The hub refused tenant " + tenantId + " ("
            + rejected.get().statusCode() + "): " + rejected.get().detail());
      }
      if (Failures.find(e, HubUnavailableException.class).isPresent()) {
        return new Failure(REGISTERED, "HubUnavailable", Failures.message(e, HubUnavailableException.class));
      }
      if (Failures.find(e, MountFailedException.class).isPresent()) {
        return new Failure(MOUNTED, "MountFailed", Failures.message(e, MountFailedException.class));
      }
      if (Failures.find(e, KubernetesClientException.class).isPresent()) {
        ClaimState state = ClaimState.failed(TenantNames.claim(tenant),
            Failures.message(e, KubernetesClientException.class));
        return new Failure(STORAGE_READY, state.reason(), state.message());
      }
      return new Failure(READY, "ReconcileFailed", Failures.rootMessage(e));
    }

    boolean concerns(String type) {
      return condition.equals(type);
    }
  }

  /**
   * @param sharing whether every hub replica can mount the claim
   * @param failure why the last attempt failed, if it did (shown on the condition it concerns and on Ready)
   */
  public TenantStatus aggregate(Tenant tenant, Optional<PersistentVolumeClaim> claim, Optional<HubTenant> registration,
      VolumeSharing sharing, boolean mounted, Optional<Failure> failure) {
    Conditions conditions = conditions(tenant);
    String tenantId = tenant.getSpec().getTenantId();
    Verdict verdict = new Verdict(failure);

    ClaimState storage = failure.filter(f -> f.concerns(STORAGE_READY))
        .map(f -> new ClaimState(false, f.reason(), f.message()))
        .orElseGet(() -> ClaimState.of(TenantNames.claim(tenant), claim));
    conditions.set(STORAGE_READY, storage.ready(), storage.reason(), storage.message());
    conditions.set(VOLUME_SHAREABLE, sharing.shareable(), sharing.reason(), sharing.message());
    verdict.unless(sharing.shareable(), sharing.reason(), sharing.message());
    verdict.unless(storage.ready(), storage.reason(), storage.message());

    boolean registered = registration.map(HubTenant::active).orElse(false);
    if (failure.filter(f -> f.concerns(REGISTERED)).isPresent()) {
      conditions.set(REGISTERED, false, failure.get().reason(), failure.get().message());
    } else if (registered) {
      conditions.set(REGISTERED, true, "Registered", "Tenant " + tenantId + " is active in the hub");
    } else {
      conditions.set(REGISTERED, false, "Registering", "Tenant " + tenantId + " is not yet active in the hub");
      verdict.unless(false, "Registering", "Tenant " + tenantId + " is not yet active in the hub");
    }

    if (failure.filter(f -> f.concerns(MOUNTED)).isPresent()) {
      conditions.set(MOUNTED, false, failure.get().reason(), failure.get().message());
    } else if (mounted) {
      conditions.set(MOUNTED, true, "Mounted", "The hub mounts the volume at " + TenantNames.mountPath(tenant));
    } else if (!sharing.shareable()) {
      conditions.set(MOUNTED, false, "NotShareable", "Not mounted into the hub: " + sharing.message());
    } else {
      conditions.set(MOUNTED, false, "NotMounted", "The hub does not mount the volume yet");
      verdict.unless(false, "NotMounted", "The hub does not mount the volume yet");
    }

    verdict.set(conditions, "Storage bound, tenant registered and volume mounted");

    TenantStatus status = new TenantStatus();
    status.setObservedGeneration(tenant.getMetadata().getGeneration());
    status.setConditions(conditions.build());
    status.setPvcName(claim.map(c -> c.getMetadata().getName()).orElse(null));
    status.setMountPath(mounted ? TenantNames.mountPath(tenant) : null);
    status.setPhase(verdict.ready() ? "Ready"
        : failure.isPresent() || !sharing.shareable() || ClaimState.PROBLEM.equals(storage.reason()) ? "Degraded"
        : "Provisioning");
    return status;
  }

  /**
   * Adds {@code status.datasources} and, when the Tenant declares or had any, the condition DatasourcesRegistered:
   * True when every declared one is registered, else the reason and message of the first that is not. It does not
   * hold Ready back: the tenant works without its report databases.
   */
  public TenantStatus withDatasources(Tenant tenant, TenantStatus status, List<DatasourceStatus> datasources) {
    status.setDatasources(new ArrayList<>(datasources));
    if (datasources.isEmpty()) {
      return status;
    }
    Conditions conditions = conditions(tenant);
    Optional<DatasourceStatus> first = datasources.stream().filter(d -> d.getRegistered() != Boolean.TRUE).findFirst();
    if (first.isPresent()) {
      conditions.set(DATASOURCES_REGISTERED, false, first.get().getReason(),
          "Datasource " + first.get().getId() + ": " + first.get().getMessage());
    } else {
      conditions.set(DATASOURCES_REGISTERED, true, "Registered",
          "All " + datasources.size() + " datasources are registered in the hub");
    }
    List<Condition> all = new ArrayList<>(status.getConditions());
    all.addAll(conditions.build());
    status.setConditions(all);
    return status;
  }

  /** The status of a Tenant whose tenantId an older Tenant already declares: it is left alone, and says why. */
  public TenantStatus duplicate(Tenant tenant, Tenant owner) {
    String message = "Tenant " + owner.getMetadata().getName() + " (created " + owner.getMetadata().getCreationTimestamp()
        + ") already declares tenantId " + tenant.getSpec().getTenantId() + "; this Tenant is not registered, "
        + "gets no volume, and deleting it leaves " + owner.getMetadata().getName() + "'s tenant alone";
    TenantStatus status = new TenantStatus();
    status.setObservedGeneration(tenant.getMetadata().getGeneration());
    status.setConditions(conditions(tenant)
        .set(REGISTERED, false, DUPLICATE, message)
        .set(READY, false, DUPLICATE, message)
        .build());
    status.setPhase("Duplicate");
    return status;
  }

  private Conditions conditions(Tenant tenant) {
    return new Conditions(tenant.getStatus() == null ? null : tenant.getStatus().getConditions(),
        tenant.getMetadata().getGeneration(), clock);
  }

  /** Ready, or the first thing in its way: a failure first, then what the conditions found, in order. */
  private static final class Verdict {

    private String reason;
    private String message;

    Verdict(Optional<Failure> failure) {
      failure.ifPresent(f -> {
        reason = f.reason();
        message = f.message();
      });
    }

    void unless(boolean holds, String reason, String message) {
      if (!holds && this.reason == null) {
        this.reason = reason;
        this.message = message;
      }
    }

    boolean ready() {
      return reason == null;
    }

    void set(Conditions conditions, String readyMessage) {
      conditions.set(READY, ready(), ready() ? "Ready" : reason, ready() ? readyMessage : message);
    }
  }
}
