package io.kavsak.operator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;

class VolumeSharingTest {

  @Test
  void readWriteManyIsShareableByAnyNumberOfReplicas() {
    assertThat(VolumeSharing.of("c", Optional.empty(), storage(), 3).shareable()).isTrue();
    assertThat(VolumeSharing.of("c", Optional.empty(), storage(), 3).reason()).isEqualTo("ReadWriteMany");
  }

  @Test
  void readWriteOnceIsShareableByOneReplicaOnly() {
    StorageSpec storage = storage(AccessMode.ReadWriteOnce);
    assertThat(VolumeSharing.of("c", Optional.empty(), storage, 1).shareable()).isTrue();
    VolumeSharing three = VolumeSharing.of("c", Optional.empty(), storage, 3);
    assertThat(three.shareable()).isFalse();
    assertThat(three.reason()).isEqualTo("ReadWriteOnceWithReplicas");
    assertThat(three.message()).contains("ReadWriteOnce", "3 replicas");
  }

  @Test
  void aBoundClaimsActualModesCountOverWhatItAskedFor() {
    PersistentVolumeClaim bound = new PersistentVolumeClaimBuilder()
        .withNewSpec().withAccessModes("ReadWriteMany").endSpec()
        .withNewStatus().withPhase("Bound").withAccessModes("ReadWriteOnce").endStatus()
        .build();
    assertThat(VolumeSharing.of("c", Optional.of(bound), storage(), 2).shareable()).isFalse();
  }

  @Test
  void anExistingClaimsSpecCountsOverTheResourcesSpec() {
    PersistentVolumeClaim pending = new PersistentVolumeClaimBuilder()
        .withNewSpec().withAccessModes("ReadWriteOnce").endSpec().build();
    assertThat(VolumeSharing.of("c", Optional.of(pending), storage(), 2).shareable()).isFalse();
  }

  private static StorageSpec storage(AccessMode... modes) {
    StorageSpec storage = new StorageSpec();
    storage.setSize("1Gi");
    storage.setAccessModes(List.of(modes));
    return storage;
  }
}
