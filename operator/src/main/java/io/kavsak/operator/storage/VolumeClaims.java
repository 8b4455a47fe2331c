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
    List<String> modes = storage.getAccessModes() == null || storage.getAccessModes().isEmpty()
        ? List.of(AccessMode.ReadWriteOnce.name())
        : storage.getAccessModes().stream().map(Enum::name).collect(Collectors.toList());
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
        .withNewSpec()
          .withAccessModes(modes)
          .withStorageClassName(storage.getStorageClassName())
          .withNewResources().addToRequests("storage", new Quantity(storage.getSize())).endResources()
        .endSpec()
        .build();
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

  public static String phase(PersistentVolumeClaim claim) {
    return claim.getStatus() == null || claim.getStatus().getPhase() == null ? "Pending" : claim.getStatus().getPhase();
  }
}
