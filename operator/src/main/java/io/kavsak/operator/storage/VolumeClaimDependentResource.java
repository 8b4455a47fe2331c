package io.kavsak.operator.storage;

import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;

/**
 * A claim that belongs to a Kavsak resource without an owner reference, so the cluster never garbage-collects it:
 * it is only grown, never shrunk or otherwise rewritten, and deleted only under deletionPolicy Delete.
 * A claim is found by its name and routed to its owners by its labels, not by the SDK's primary-name annotation,
 * so a claim retained from a deleted resource is picked up by the next resource that declares the same volume.
 */
public abstract class VolumeClaimDependentResource<P extends HasMetadata>
    extends CRUDNoGCKubernetesDependentResource<PersistentVolumeClaim, P> {

  protected VolumeClaimDependentResource() {
    super(PersistentVolumeClaim.class);
  }

  protected abstract StorageSpec storage(P primary);

  /** The claim's name for {@code primary}. */
  protected abstract String claimName(P primary);

  /** The resources a claim belongs to, from its labels. */
  protected abstract Set<ResourceID> owners(PersistentVolumeClaim claim, EventSourceContext<P> context);

  @Override
  protected InformerEventSourceConfiguration.Builder<PersistentVolumeClaim> informerConfigurationBuilder(
      EventSourceContext<P> context) {
    return super.informerConfigurationBuilder(context).withPrimaryToSecondaryMapper((P primary) ->
        Set.of(new ResourceID(claimName(primary), primary.getMetadata().getNamespace())));
  }

  @Override
  protected Optional<SecondaryToPrimaryMapper<PersistentVolumeClaim>> getSecondaryToPrimaryMapper(
      EventSourceContext<P> context) {
    return Optional.of(claim -> owners(claim, context));
  }

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
