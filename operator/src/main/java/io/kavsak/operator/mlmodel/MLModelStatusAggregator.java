package io.kavsak.operator.mlmodel;

import java.time.Clock;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.kavsak.operator.status.Conditions;
import io.kavsak.operator.storage.VolumeClaims;

/** Turns what the operator observed of a model into its status: StorageReady, Mounted and Ready. */
public final class MLModelStatusAggregator {

  public static final String STORAGE_READY = "StorageReady";
  public static final String MOUNTED = "Mounted";
  public static final String READY = "Ready";

  private final Clock clock;

  public MLModelStatusAggregator(Clock clock) {
    this.clock = clock;
  }

  public MLModelStatus aggregate(MLModel model, Optional<PersistentVolumeClaim> claim, boolean mounted,
      Optional<String> failure) {
    MLModelStatus previous = model.getStatus() == null ? new MLModelStatus() : model.getStatus();
    Conditions conditions = new Conditions(previous.getConditions(), model.getMetadata().getGeneration(), clock);
    boolean bound = claim.map(VolumeClaims::isBound).orElse(false);
    conditions.set(STORAGE_READY, bound, claim.isEmpty() ? "ClaimMissing" : "Claim" + VolumeClaims.phase(claim.get()),
        "PersistentVolumeClaim " + ModelNames.claim(model) + " is "
            + claim.map(VolumeClaims::phase).orElse("not created yet"));
    if (failure.isPresent()) {
      conditions.set(MOUNTED, false, "MountFailed", failure.get());
    } else {
      conditions.set(MOUNTED, mounted, mounted ? "Mounted" : "NotMounted", mounted
          ? "The hub mounts the volume at " + ModelNames.mountPath(model) : "The hub does not mount the volume yet");
    }
    boolean ready = bound && mounted && failure.isEmpty();
    conditions.set(READY, ready, ready ? "Ready" : "NotReady",
        ready ? "Storage bound and mounted into the hub" : "Waiting for " + (!bound ? "storage" : "the mount"));

    MLModelStatus status = new MLModelStatus();
    status.setObservedGeneration(model.getMetadata().getGeneration());
    status.setConditions(conditions.build());
    status.setPvcName(claim.map(c -> c.getMetadata().getName()).orElse(null));
    status.setMountPath(mounted ? ModelNames.mountPath(model) : null);
    status.setActiveVersion(previous.getActiveVersion());
    status.setVersions(previous.getVersions());
    status.setPhase(ready ? "Ready" : failure.isPresent() ? "Degraded" : "Provisioning");
    return status;
  }
}
