package io.kavsak.operator.storage;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/** The desired PersistentVolumeClaim for a StorageSpec, and the one change allowed afterwards: growing. */
public final class VolumeClaims {

  private VolumeClaims() {
  }

  public static PersistentVolumeClaim desired(String name, String namespace, StorageSpec storage,
      Map<String, String> labels) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
        .withNewSpec()
          .withAccessModes(accessModes(storage))
          .withStorageClassName(storage.getStorageClassName())
          .withNewResources().addToRequests("storage", new Quantity(storage.getSize())).endResources()
        .endSpec()
        .build();
  }

  /** The modes asked for; ReadWriteMany when none are, so that every hub replica can mount the claim. */
  public static List<String> accessModes(StorageSpec storage) {
    return storage.getAccessModes() == null || storage.getAccessModes().isEmpty()
        ? List.of(AccessMode.ReadWriteMany.name())
        : storage.getAccessModes().stream().map(Enum::name).collect(Collectors.toList());
  }

  public static Quantity requested(PersistentVolumeClaim claim) {
    return claim.getSpec().getResources().getRequests().get("storage");
  }

  /** True when the claim already asks for at least what {@code desired} asks: a smaller size is never applied. */
  public static boolean satisfies(PersistentVolumeClaim actual, PersistentVolumeClaim desired) {
    return requested(actual).compareTo(requested(desired)) >= 0;
  }

  public static boolean isBound(PersistentVolumeClaim claim) {
    return claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
  }

  /** A claim whose volume is gone (phase Lost): its data cannot be reached until an administrator restores it. */
  public static boolean isLost(PersistentVolumeClaim claim) {
    return claim.getStatus() != null && "Lost".equals(claim.getStatus().getPhase());
  }

  public static String phase(PersistentVolumeClaim claim) {
    return claim.getStatus() == null || claim.getStatus().getPhase() == null ? "Pending" : claim.getStatus().getPhase();
  }
}
