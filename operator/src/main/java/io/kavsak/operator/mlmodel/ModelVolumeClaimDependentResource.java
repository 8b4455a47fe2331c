package io.kavsak.operator.mlmodel;

import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kavsak.operator.storage.StorageSpec;
import io.kavsak.operator.storage.VolumeClaimDependentResource;
import io.kavsak.operator.storage.VolumeClaims;

/** The model's PersistentVolumeClaim, in the hub's namespace so the hub can mount it. */
public class ModelVolumeClaimDependentResource extends VolumeClaimDependentResource<MLModel> {

  static final String MODEL_LABEL = "kavsak.io/model";

  @Override
  protected PersistentVolumeClaim desired(MLModel model, Context<MLModel> context) {
    return VolumeClaims.desired(ModelNames.claim(model), model.getMetadata().getNamespace(),
        model.getSpec().getStorage(), Map.of(
            "app.kubernetes.io/part-of", "kavsak",
            "app.kubernetes.io/managed-by", "kavsak-operator",
            MODEL_LABEL, model.getMetadata().getName()));
  }

  @Override
  protected StorageSpec storage(MLModel model) {
    return model.getSpec().getStorage();
  }

  @Override
  protected String claimName(MLModel model) {
    return ModelNames.claim(model);
  }

  @Override
  protected Set<ResourceID> owners(PersistentVolumeClaim claim, EventSourceContext<MLModel> context) {
    String name = claim.getMetadata().getLabels() == null ? null : claim.getMetadata().getLabels().get(MODEL_LABEL);
    return name == null ? Set.of() : Set.of(new ResourceID(name, claim.getMetadata().getNamespace()));
  }
}
