package io.kavsak.operator.mlmodel;

import static io.kavsak.operator.status.Failures.rootCause;
import static io.kavsak.operator.status.Failures.rootMessage;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.kavsak.operator.events.ResourceEvents;
import io.kavsak.operator.hub.HubDeploymentVolumes;
import io.kavsak.operator.status.Conditions;

/** Orchestrates a model: its claim as a dependent, then the mount into the hub, then the status. */
@ControllerConfiguration(name = "mlmodel", fieldManager = HubDeploymentVolumes.FIELD_MANAGER,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = 15, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 120_000)
@Workflow(dependents = @Dependent(name = "volume-claim", type = ModelVolumeClaimDependentResource.class))
public class MLModelReconciler implements Reconciler<MLModel>, Cleaner<MLModel> {

  private final HubDeploymentVolumes hubVolumes;
  private final ResourceEvents events;
  private final MLModelStatusAggregator aggregator;

  public MLModelReconciler(HubDeploymentVolumes hubVolumes, ResourceEvents events, Clock clock) {
    this.hubVolumes = hubVolumes;
    this.events = events;
    this.aggregator = new MLModelStatusAggregator(clock);
  }

  @Override
  public UpdateControl<MLModel> reconcile(MLModel model, Context<MLModel> context) {
    if (hubVolumes.mount(model.getMetadata().getNamespace(), ModelNames.volume(model), ModelNames.claim(model),
        ModelNames.mountPath(model))) {
      events.normal(model, "VolumeMounted", "Hub Deployment mounts " + ModelNames.claim(model) + " at "
          + ModelNames.mountPath(model));
    }
    MLModelStatus status = aggregator.aggregate(model, context.getSecondaryResource(PersistentVolumeClaim.class),
        true, Optional.empty());
    if (model.getStatus() != null && Serialization.asJson(model.getStatus()).equals(Serialization.asJson(status))) {
      return UpdateControl.noUpdate();
    }
    if (!Conditions.isTrue(model.getStatus() == null ? null : model.getStatus().getConditions(),
        MLModelStatusAggregator.READY) && Conditions.isTrue(status.getConditions(), MLModelStatusAggregator.READY)) {
      events.normal(model, "ModelStorageReady", "Storage bound and mounted into the hub");
    }
    model.setStatus(status);
    return UpdateControl.patchStatus(model);
  }

  @Override
  public ErrorStatusUpdateControl<MLModel> updateErrorStatus(MLModel model, Context<MLModel> context, Exception e) {
    MLModelStatus status = aggregator.aggregate(model, context.getSecondaryResource(PersistentVolumeClaim.class),
        hubVolumes.isMounted(model.getMetadata().getNamespace(), ModelNames.volume(model)),
        Optional.of(rootMessage(e)));
    if (model.getStatus() != null && Serialization.asJson(model.getStatus()).equals(Serialization.asJson(status))) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    events.warning(model, "ReconcileFailed", rootMessage(e) + " (" + rootCause(e).getClass().getSimpleName() + ")");
    model.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(model);
  }

  @Override
  public DeleteControl cleanup(MLModel model, Context<MLModel> context) {
    if (hubVolumes.unmount(model.getMetadata().getNamespace(), ModelNames.volume(model))) {
      events.normal(model, "VolumeUnmounted", "Hub Deployment no longer mounts " + ModelNames.claim(model));
    }
    return DeleteControl.defaultDelete();
  }
}
