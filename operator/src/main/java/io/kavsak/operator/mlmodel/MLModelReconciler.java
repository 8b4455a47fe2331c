package io.kavsak.operator.mlmodel;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.kavsak.operator.events.ResourceEvents;
import io.kavsak.operator.hub.HubDeploymentEvents;
import io.kavsak.operator.hub.HubClient;
import io.kavsak.operator.hub.HubDeploymentVolumes;
import io.kavsak.operator.hub.HubRejectedException;
import io.kavsak.operator.hub.HubUnavailableException;
import io.kavsak.operator.mlmodel.MLModelStatusAggregator.Failure;
import io.kavsak.operator.mlmodel.MLModelStatusAggregator.HubReport;
import io.kavsak.operator.status.Conditions;
import io.kavsak.operator.storage.VolumeSharing;

/**
 * Orchestrates a model: its claim as a dependent, then the mount into the hub, then the hand-over of the volume and
 * spec.retention to the hub's model manager, whose report (active version, usage, last cleanup) fills the status.
 */
@ControllerConfiguration(name = "mlmodel", fieldManager = HubDeploymentVolumes.FIELD_MANAGER,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = 15, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 120_000)
@Workflow(dependents = @Dependent(name = "volume-claim", type = ModelVolumeClaimDependentResource.class))
public class MLModelReconciler implements Reconciler<MLModel>, Cleaner<MLModel> {

  /** How often a mounted model's figures are read again from the hub. */
  static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

  private final HubClient hub;
  private final HubDeploymentVolumes hubVolumes;
  private final ResourceEvents events;
  private final MLModelStatusAggregator aggregator;

  public MLModelReconciler(HubClient hub, HubDeploymentVolumes hubVolumes, ResourceEvents events, Clock clock) {
    this.hub = hub;
    this.hubVolumes = hubVolumes;
    this.events = events;
    this.aggregator = new MLModelStatusAggregator(clock);
  }

  @Override
  public List<EventSource<?, MLModel>> prepareEventSources(EventSourceContext<MLModel> context) {
    return List.of(HubDeploymentEvents.eventSource(context));
  }

  @Override
  public UpdateControl<MLModel> reconcile(MLModel model, Context<MLModel> context) {
    Optional<PersistentVolumeClaim> claim = context.getSecondaryResource(PersistentVolumeClaim.class);
    VolumeSharing sharing = sharing(model, claim, context);
    boolean mounted = mountIfShareable(model, sharing);
    HubReport report = mounted ? handOver(model) : HubReport.NONE;
    MLModelStatus status = aggregator.aggregate(model, claim, sharing, mounted, Optional.empty(), report);
    if (sameStatus(model.getStatus(), status)) {
      return mounted ? UpdateControl.<MLModel>noUpdate().rescheduleAfter(REPORT_INTERVAL) : UpdateControl.noUpdate();
    }
    var before = model.getStatus() == null ? null : model.getStatus().getConditions();
    if (!Conditions.isTrue(before, MLModelStatusAggregator.READY)
        && Conditions.isTrue(status.getConditions(), MLModelStatusAggregator.READY)) {
      events.normal(model, "ModelStorageReady", "Storage bound and mounted into the hub");
    }
    if (Conditions.isTrue(before, MLModelStatusAggregator.VOLUME_SHAREABLE) && !sharing.shareable()) {
      events.warning(model, VolumeSharing.NOT_SHAREABLE, sharing.message());
    }
    if (!Conditions.isTrue(before, MLModelStatusAggregator.VOLUME_NEARLY_FULL)
        && Conditions.isTrue(status.getConditions(), MLModelStatusAggregator.VOLUME_NEARLY_FULL)) {
      events.warning(model, MLModelStatusAggregator.VOLUME_NEARLY_FULL,
          "The model volume is " + status.getUsagePercent() + "% full");
    }
    model.setStatus(status);
    UpdateControl<MLModel> update = UpdateControl.patchStatus(model);
    return mounted ? update.rescheduleAfter(REPORT_INTERVAL) : update;
  }

  /**
   * Hands the volume's mount path, capacity and spec.retention to the hub's model manager and reads its report.
   * An unreachable hub leaves the last reported figures in place and says why in VersionsReported.
   */
  private HubReport handOver(MLModel model) {
    String modelName = model.getSpec().getModelType();
    RetentionSpec retention = model.getSpec().getRetention();
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("keep_versions", retention.getKeepVersions());
    numbers.put("delete_inactive_after_days", retention.getDeleteInactiveAfterDays());
    numbers.put("emergency_cleanup_disk_percent", retention.getEmergencyCleanupDiskPercent());
    numbers.put("cleanup_schedule", retention.getCleanupSchedule());
    try {
      hub.putModelVolume(modelName, ModelNames.mountPath(model), capacityBytes(model), numbers);
      return HubReport.of(hub.getModelVolume(modelName));
    } catch (HubUnavailableException | HubRejectedException e) {
      return HubReport.failed(e.getMessage());
    }
  }

  private static Long capacityBytes(MLModel model) {
    String size = model.getSpec().getStorage().getSize();
    return size == null ? null : Quantity.getAmountInBytes(new Quantity(size)).longValue();
  }

  @Override
  public ErrorStatusUpdateControl<MLModel> updateErrorStatus(MLModel model, Context<MLModel> context, Exception e) {
    Failure failure = Failure.of(model, e);
    Optional<PersistentVolumeClaim> claim = context.getSecondaryResource(PersistentVolumeClaim.class);
    MLModelStatus status = aggregator.aggregate(model, claim, sharing(model, claim, context),
        hubVolumes.isMounted(model.getMetadata().getNamespace(), ModelNames.volume(model)), Optional.of(failure));
    if (sameStatus(model.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    events.warning(model, failure.reason(), failure.message());
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

  private static VolumeSharing sharing(MLModel model, Optional<PersistentVolumeClaim> claim, Context<MLModel> context) {
    return VolumeSharing.of(ModelNames.claim(model), claim, model.getSpec().getStorage(),
        HubDeploymentEvents.replicas(context));
  }

  /** Mounts the claim unless replicas on other nodes could not attach it (see TenantReconciler). */
  private boolean mountIfShareable(MLModel model, VolumeSharing sharing) {
    String namespace = model.getMetadata().getNamespace();
    if (!sharing.shareable() && !hubVolumes.isMounted(namespace, ModelNames.volume(model))) {
      return false;
    }
    if (hubVolumes.mount(namespace, ModelNames.volume(model), ModelNames.claim(model), ModelNames.mountPath(model))) {
      events.normal(model, "VolumeMounted", "Hub Deployment mounts " + ModelNames.claim(model) + " at "
          + ModelNames.mountPath(model));
    }
    return true;
  }

  private static boolean sameStatus(MLModelStatus previous, MLModelStatus next) {
    return previous != null && Serialization.asJson(previous).equals(Serialization.asJson(next));
  }
}
