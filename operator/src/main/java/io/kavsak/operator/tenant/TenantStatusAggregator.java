package io.kavsak.operator.tenant;

import java.time.Clock;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.kavsak.operator.hub.HubTenant;
import io.kavsak.operator.status.Conditions;
import io.kavsak.operator.storage.VolumeClaims;

/** Turns what the operator observed of a tenant into its status: StorageReady, Registered, Mounted and Ready. */
public final class TenantStatusAggregator {

  public static final String STORAGE_READY = "StorageReady";
  public static final String REGISTERED = "Registered";
  public static final String MOUNTED = "Mounted";
  public static final String READY = "Ready";

  private final Clock clock;

  public TenantStatusAggregator(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param failure why the last attempt failed, if it did (shown on the condition it concerns)
   * @param failedStep which of REGISTERED or MOUNTED the failure belongs to
   */
  public TenantStatus aggregate(Tenant tenant, Optional<PersistentVolumeClaim> claim, Optional<HubTenant> registration,
      boolean mounted, Optional<String> failedStep, Optional<String> failure) {
    TenantStatus previous = tenant.getStatus() == null ? new TenantStatus() : tenant.getStatus();
    Conditions conditions = new Conditions(previous.getConditions(), tenant.getMetadata().getGeneration(), clock);

    boolean bound = claim.map(VolumeClaims::isBound).orElse(false);
    if (claim.isEmpty()) {
      conditions.set(STORAGE_READY, false, "ClaimMissing", "PersistentVolumeClaim " + TenantNames.claim(tenant)
          + " does not exist yet");
    } else if (bound) {
      conditions.set(STORAGE_READY, true, "ClaimBound", "PersistentVolumeClaim " + TenantNames.claim(tenant)
          + " is bound");
    } else {
      conditions.set(STORAGE_READY, false, "Claim" + VolumeClaims.phase(claim.get()), "PersistentVolumeClaim "
          + TenantNames.claim(tenant) + " is " + VolumeClaims.phase(claim.get())
          + "; a WaitForFirstConsumer class binds it once the hub mounts it");
    }

    boolean registered = registration.map(HubTenant::active).orElse(false);
    if (failedStep.filter(REGISTERED::equals).isPresent()) {
      conditions.set(REGISTERED, false, "HubUnavailable", failure.orElse("the hub could not be reached"));
    } else if (registered) {
      conditions.set(REGISTERED, true, "Registered", "Tenant " + tenant.getSpec().getTenantId()
          + " is active in the hub");
    } else {
      conditions.set(REGISTERED, false, "Registering", "Tenant " + tenant.getSpec().getTenantId()
          + " is not yet active in the hub");
    }

    if (failedStep.filter(MOUNTED::equals).isPresent()) {
      conditions.set(MOUNTED, false, "MountFailed", failure.orElse("the hub Deployment could not be patched"));
    } else if (mounted) {
      conditions.set(MOUNTED, true, "Mounted", "The hub mounts the volume at " + TenantNames.mountPath(tenant));
    } else {
      conditions.set(MOUNTED, false, "NotMounted", "The hub does not mount the volume yet");
    }

    boolean ready = bound && registered && mounted && failedStep.isEmpty();
    conditions.set(READY, ready, ready ? "Ready" : "NotReady", ready
        ? "Storage bound, tenant registered and volume mounted"
        : "Waiting for " + (!bound ? "storage" : !registered ? "registration" : "the mount"));

    TenantStatus status = new TenantStatus();
    status.setObservedGeneration(tenant.getMetadata().getGeneration());
    status.setConditions(conditions.build());
    status.setPvcName(claim.map(c -> c.getMetadata().getName()).orElse(null));
    status.setMountPath(mounted ? TenantNames.mountPath(tenant) : null);
    status.setPhase(ready ? "Ready" : failedStep.isPresent() ? "Degraded" : "Provisioning");
    return status;
  }
}
