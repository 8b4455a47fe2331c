package io.kavsak.operator.mlmodel;

import java.time.Clock;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kavsak.operator.hub.HubModelVolume;
import io.kavsak.operator.hub.MountFailedException;
import io.kavsak.operator.status.Conditions;
import io.kavsak.operator.status.Failures;
import io.kavsak.operator.storage.ClaimState;
import io.kavsak.operator.storage.VolumeSharing;

/**
 * Turns what the operator observed of a model into its status: StorageReady, VolumeShareable, Mounted and Ready,
 * whose reason names the first thing in the way; VersionsReported and VolumeNearlyFull with the figures the hub's
 * model manager reports (active version, versions, usage, last cleanup).
 */
public final class MLModelStatusAggregator {

  public static final String STORAGE_READY = "StorageReady";
  public static final String VOLUME_SHAREABLE = "VolumeShareable";
  public static final String MOUNTED = "Mounted";
  public static final String READY = "Ready";
  public static final String VERSIONS_REPORTED = "VersionsReported";
  public static final String VOLUME_NEARLY_FULL = "VolumeNearlyFull";

  /**
   * What the hub's model manager said about the volume: its report, or why there is none (the hub could not be
   * reached or refused); both empty while the volume is not mounted.
   */
  public record HubReport(Optional<HubModelVolume> volume, Optional<String> problem) {

    public static final HubReport NONE = new HubReport(Optional.empty(), Optional.empty());

    public static HubReport of(HubModelVolume volume) {
      return new HubReport(Optional.of(volume), Optional.empty());
    }

    public static HubReport failed(String problem) {
      return new HubReport(Optional.empty(), Optional.of(problem));
    }
  }

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
    return aggregate(model, claim, sharing, mounted, failure, HubReport.NONE);
  }

  public MLModelStatus aggregate(MLModel model, Optional<PersistentVolumeClaim> claim, VolumeSharing sharing,
      boolean mounted, Optional<Failure> failure, HubReport report) {
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
    if (report.volume().isPresent()) {
      HubModelVolume volume = report.volume().get();
      conditions.set(VERSIONS_REPORTED, true, "Reported", "The hub's model manager reports " + volume.versionCount()
          + " versions");
      int threshold = model.getSpec().getRetention().getEmergencyCleanupDiskPercent();
      String usage = "The volume is " + Math.round(volume.usagePercent()) + "% full (emergency cleanup from "
          + threshold + "%)";
      conditions.set(VOLUME_NEARLY_FULL, volume.nearlyFull(), volume.nearlyFull() ? "UsageAtOrAboveThreshold"
          : "UsageBelowThreshold", usage);
    } else if (report.problem().isPresent()) {
      conditions.set(VERSIONS_REPORTED, false, "HubUnavailable", report.problem().get());
    }

    MLModelStatus status = new MLModelStatus();
    status.setObservedGeneration(model.getMetadata().getGeneration());
    status.setConditions(conditions.build());
    status.setPvcName(claim.map(c -> c.getMetadata().getName()).orElse(null));
    status.setMountPath(mounted ? ModelNames.mountPath(model) : null);
    status.setActiveVersion(previous.getActiveVersion());
    status.setVersions(previous.getVersions());
    status.setVersionCount(previous.getVersionCount());
    status.setUsedBytes(previous.getUsedBytes());
    status.setCapacityBytes(previous.getCapacityBytes());
    status.setUsagePercent(previous.getUsagePercent());
    status.setLastCleanupTime(previous.getLastCleanupTime());
    status.setLastCleanupKind(previous.getLastCleanupKind());
    status.setLastCleanupFreedBytes(previous.getLastCleanupFreedBytes());
    report.volume().ifPresent(volume -> {
      status.setActiveVersion(volume.activeVersions() == null || volume.activeVersions().isEmpty() ? null
          : String.join(",", volume.activeVersions()));
      status.setVersionCount(volume.versionCount());
      status.setUsedBytes(volume.usedBytes());
      status.setCapacityBytes(volume.capacityBytes());
      status.setUsagePercent((int) Math.round(volume.usagePercent()));
      if (volume.lastCleanup() != null) {
        status.setLastCleanupTime(volume.lastCleanup().ranAt());
        status.setLastCleanupKind(volume.lastCleanup().kind());
        status.setLastCleanupFreedBytes(volume.lastCleanup().freedBytes());
      }
    });
    status.setPhase(ready ? "Ready"
        : failure.isPresent() || !sharing.shareable() || ClaimState.PROBLEM.equals(storage.reason()) ? "Degraded"
        : "Provisioning");
    return status;
  }
}
