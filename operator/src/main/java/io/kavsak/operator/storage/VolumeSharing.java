package io.kavsak.operator.storage;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/**
 * Whether every replica of the hub can mount a claim. Replicas run on several nodes and a CV stored by one must be
 * read by a worker on another, so with more than one replica the claim must be ReadWriteMany.
 *
 * @param shareable whether the claim can be mounted by every replica
 * @param reason the VolumeShareable condition's reason
 * @param message the VolumeShareable condition's message
 */
public record VolumeSharing(boolean shareable, String reason, String message) {

  public static final String NOT_SHAREABLE = "ReadWriteOnceWithReplicas";

  /**
   * @param claim the claim as it is, if it exists: a bound claim's actual modes (its status) count, else its spec's
   * @param storage what the resource asks for, used while the claim does not exist yet
   * @param hubReplicas the hub Deployment's replicas
   */
  public static VolumeSharing of(String claimName, Optional<PersistentVolumeClaim> claim, StorageSpec storage,
      int hubReplicas) {
    List<String> modes = claim.map(VolumeSharing::modes).filter(m -> !m.isEmpty())
        .orElseGet(() -> VolumeClaims.accessModes(storage));
    if (modes.contains(AccessMode.ReadWriteMany.name())) {
      return new VolumeSharing(true, "ReadWriteMany", "PersistentVolumeClaim " + claimName
          + " is ReadWriteMany: every hub replica can mount it");
    }
    if (hubReplicas <= 1) {
      return new VolumeSharing(true, "SingleReplica", "PersistentVolumeClaim " + claimName + " is "
          + String.join(", ", modes) + "; enough while the hub runs one replica, not when it is scaled out");
    }
    return new VolumeSharing(false, NOT_SHAREABLE, "PersistentVolumeClaim " + claimName + " allows only "
        + String.join(", ", modes) + " but Deployment kavsak-hub runs " + hubReplicas + " replicas, and replicas on "
        + "other nodes cannot mount it; declare the resource again with accessModes [ReadWriteMany] and a "
        + "StorageClass that supports it, or run one hub replica");
  }

  private static List<String> modes(PersistentVolumeClaim claim) {
    if (VolumeClaims.isBound(claim) && claim.getStatus().getAccessModes() != null
        && !claim.getStatus().getAccessModes().isEmpty()) {
      return claim.getStatus().getAccessModes();
    }
    return claim.getSpec() == null || claim.getSpec().getAccessModes() == null ? List.of()
        : claim.getSpec().getAccessModes();
  }
}
