package io.kavsak.operator.storage;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;

/**
 * A claim that belongs to a Kavsak resource without an owner reference, so the cluster never garbage-collects it:
 * it is only grown, never shrunk or otherwise rewritten, and deleted only under deletionPolicy Delete.
 */
public abstract class VolumeClaimDependentResource<P extends HasMetadata>
    extends CRUDNoGCKubernetesDependentResource<PersistentVolumeClaim, P> {

  protected VolumeClaimDependentResource() {
    super(PersistentVolumeClaim.class);
  }

  protected abstract StorageSpec storage(P primary);

  @Override
  public Matcher.Result<PersistentVolumeClaim> match(PersistentVolumeClaim actual, PersistentVolumeClaim desired,
      P primary, Context<P> context) {
    return Matcher.Result.computed(VolumeClaims.satisfies(actual, desired), desired);
  }

  @Override
  public PersistentVolumeClaim update(PersistentVolumeClaim actual, PersistentVolumeClaim desired, P primary,
      Context<P> context) {
    return context.getClient().resource(actual).edit(claim -> {
      claim.getSpec().getResources().getRequests().put("storage", VolumeClaims.requested(desired));
      return claim;
    });
  }

  @Override
  protected void handleDelete(P primary, PersistentVolumeClaim secondary, Context<P> context) {
    if (storage(primary).getDeletionPolicy() == DeletionPolicy.Delete) {
      super.handleDelete(primary, secondary, context);
    }
  }
}
