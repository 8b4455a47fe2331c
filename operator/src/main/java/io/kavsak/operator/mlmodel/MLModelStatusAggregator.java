package io.kavsak.operator.mlmodel;

import java.time.Clock;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kavsak.operator.hub.MountFailedException;
import io.kavsak.operator.status.Conditions;
import io.kavsak.operator.status.Failures;
import io.kavsak.operator.storage.ClaimState;
import io.kavsak.operator.storage.VolumeSharing;

/**
 * Turns what the operator observed of a model into its status: StorageReady, VolumeShareable, Mounted and Ready,
 * whose reason names the first thing in the way.
 */
public final class MLModelStatusAggregator {

  public static final String STORAGE_READY = "StorageReady";
  public static final String VOLUME_SHAREABLE = "VolumeShareable";
  public static final String MOUNTED = "Mounted";
  public static final String READY = "Ready";

  private final Clock clock;

  public MLModelStatusAggregator(Clock clock) {
    this.clock = clock;
  }

  /**
   * Why the last attempt failed.
   *
   * @param condition the condition it concerns (StorageReady or Mounted)
   * @param reason VolumeProblem or MountFailed
   * @param message what the API server said
   */
  public record Failure(String condition, String reason, String message) {

    public static Failure of(MLModel model, Exception e) {
      if (Failures.find(e, MountFailedException.class).isEmpty()
          && Failures.find(e, KubernetesClientException.class).isPresent()) {
        ClaimState state = ClaimState.failed(ModelNames.claim(model),
            Failures.message(e, KubernetesClientException.class));
        return new Failure(STORAGE_READY, state.reason(), state.message());
      }
      return new Failure(MOUNTED, "MountFailed", Failures.message(e, MountFailedException.class));
    }
  }

  public MLModelStatus aggregate(MLModel model, Optional<PersistentVolumeClaim> claim, VolumeSharing sharing,
      boolean mounted, Optional<Failure> failure) {
    MLModelStatus previous = model.getStatus() == null ? new MLModelStatus() : model.getStatus();
    Conditions conditions = new Conditions(previous.getConditions(), model.getMetadata().getGeneration(), clock);

    ClaimState storage = failure.filter(f -> STORAGE_READY.equals(f.condition()))
        .map(f -> new ClaimState(false, f.reason(), f.message()))
        .orElseGet(() -> ClaimState.of(ModelNames.claim(model), claim));
    conditions.set(STORAGE_READY, storage.ready(), storage.reason(), storage.message());
    conditions.set(VOLUME_SHAREABLE, sharing.shareable(), sharing.reason(), sharing.message());

    String mountReason;
    String mountMessage;
    if (failure.filter(f -> MOUNTED.equals(f.condition())).isPresent()) {
      mountReason = failure.get().reason();
      mountMessage = failure.get().message();
    } else if (mounted) {
      mountReason = "Mounted";
      mountMessage = "The hub mounts the volume at " + ModelNames.mountPath(model);
    } else if (!sharing.shareable()) {
      mountReason = "NotShareable";
      mountMessage = "Not mounted into the hub: " + sharing.message();
    } else {
      mountReason = "NotMounted";
      mountMessage = "The hub does not mount the volume yet";
    }
    conditions.set(MOUNTED, "Mounted".equals(mountReason), mountReason, mountMessage);

    boolean ready = failure.isEmpty() && sharing.shareable() && storage.ready() && mounted;
    String reason = failure.map(Failure::reason)
        .or(() -> sharing.shareable() ? Optional.empty() : Optional.of(sharing.reason()))
        .or(() -> storage.ready() ? Optional.empty() : Optional.of(storage.reason()))
        .orElse(mountReason);
    String message = failure.map(Failure::message)
        .or(() -> sharing.shareable() ? Optional.empty() : Optional.of(sharing.message()))
        .or(() -> storage.ready() ? Optional.empty() : Optional.of(storage.message()))
        .orElse(mountMessage);
    conditions.set(READY, ready, ready ? "Ready" : reason, ready ? "Storage bound and mounted into the hub" : message);

    MLModelStatus status = new MLModelStatus();
    status.setObservedGeneration(model.getMetadata().getGeneration());
    status.setConditions(conditions.build());
    status.setPvcName(claim.map(c -> c.getMetadata().getName()).orElse(null));
    status.setMountPath(mounted ? ModelNames.mountPath(model) : null);
    status.setActiveVersion(previous.getActiveVersion());
    status.setVersions(previous.getVersions());
    status.setPhase(ready ? "Ready"
        : failure.isPresent() || !sharing.shareable() || ClaimState.PROBLEM.equals(storage.reason()) ? "Degraded"
        : "Provisioning");
    return status;
  }
}
