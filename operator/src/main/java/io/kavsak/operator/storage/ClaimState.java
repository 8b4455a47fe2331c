package io.kavsak.operator.storage;

import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/**
 * The StorageReady condition a Tenant and an MLModel share: the claim is bound, not bound yet, or has a problem.
 *
 * @param ready whether the claim is bound
 * @param reason VolumeBound, VolumeNotBound or VolumeProblem
 * @param message what the claim's state means
 */
public record ClaimState(boolean ready, String reason, String message) {

  public static final String PROBLEM = "VolumeProblem";

  public static ClaimState of(String claimName, Optional<PersistentVolumeClaim> claim) {
    if (claim.isEmpty()) {
      return new ClaimState(false, "VolumeNotBound", "PersistentVolumeClaim " + claimName + " does not exist yet");
    }
    if (VolumeClaims.isBound(claim.get())) {
      return new ClaimState(true, "VolumeBound", "PersistentVolumeClaim " + claimName + " is bound");
    }
    if (VolumeClaims.isLost(claim.get())) {
      return new ClaimState(false, PROBLEM, "PersistentVolumeClaim " + claimName + " is Lost: its PersistentVolume "
          + "is gone, so its data cannot be reached until an administrator restores the volume");
    }
    return new ClaimState(false, "VolumeNotBound", "PersistentVolumeClaim " + claimName + " is "
        + VolumeClaims.phase(claim.get()) + "; a WaitForFirstConsumer class binds it once the hub mounts it");
  }

  /** The claim could not be created or grown: what the API server said. */
  public static ClaimState failed(String claimName, String message) {
    return new ClaimState(false, PROBLEM, "PersistentVolumeClaim " + claimName + " could not be created or grown: "
        + message);
  }
}
