package io.kavsak.operator.mlmodel;

import java.util.Map;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kavsak.operator.storage.StorageSpec;
import io.kavsak.operator.storage.VolumeClaimDependentResource;
import io.kavsak.operator.storage.VolumeClaims;

/** The model's PersistentVolumeClaim, in the hub's namespace so the hub can mount it. */
public class ModelVolumeClaimDependentResource extends VolumeClaimDependentResource<MLModel> {

  @Override
  protected PersistentVolumeClaim desired(MLModel model, Context<MLModel> context) {
    return VolumeClaims.desired(ModelNames.claim(model), model.getMetadata().getNamespace(),
        model.getSpec().getStorage(), Map.of(
            "app.kubernetes.io/part-of", "kavsak",
            "app.kubernetes.io/managed-by", "kavsak-operator",
            "kavsak.io/model", model.getMetadata().getName()));
  }

  @Override
  protected StorageSpec storage(MLModel model) {
    return model.getSpec().getStorage();
  }
}
