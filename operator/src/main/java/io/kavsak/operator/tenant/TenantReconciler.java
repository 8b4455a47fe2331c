package io.kavsak.operator.tenant;

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
import io.kavsak.operator.hub.HubRejectedException;
import io.kavsak.operator.hub.HubTenant;
import io.kavsak.operator.hub.MountFailedException;
import io.kavsak.operator.status.Conditions;
import static io.kavsak.operator.status.Failures.rootCause;
import static io.kavsak.operator.status.Failures.rootMessage;

/** Orchestrates a tenant: claim and hub registration as dependents, then the mount into the hub, then the status. */
@ControllerConfiguration(name = "tenant", fieldManager = HubDeploymentVolumes.FIELD_MANAGER,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = 15, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 120_000)
@Workflow(dependents = {
    @Dependent(name = "volume-claim", type = TenantVolumeClaimDependentResource.class),
    @Dependent(name = "hub-registration", type = HubTenantDependentResource.class, dependsOn = "volume-claim")})
public class TenantReconciler implements Reconciler<Tenant>, Cleaner<Tenant> {

  private final HubDeploymentVolumes hubVolumes;
  private final ResourceEvents events;
  private final TenantStatusAggregator aggregator;

  public TenantReconciler(HubDeploymentVolumes hubVolumes, ResourceEvents events, Clock clock) {
    this.hubVolumes = hubVolumes;
    this.events = events;
    this.aggregator = new TenantStatusAggregator(clock);
  }

  @Override
  public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
    String namespace = tenant.getMetadata().getNamespace();
    boolean patched = hubVolumes.mount(namespace, TenantNames.volume(tenant), TenantNames.claim(tenant),
        TenantNames.mountPath(tenant));
    if (patched) {
      events.normal(tenant, "VolumeMounted", "Hub Deployment mounts " + TenantNames.claim(tenant) + " at "
          + TenantNames.mountPath(tenant));
    }
    TenantStatus status = aggregator.aggregate(tenant, context.getSecondaryResource(PersistentVolumeClaim.class),
        context.getSecondaryResource(HubTenant.class), true, Optional.empty(), Optional.empty());
    return patchIfChanged(tenant, status);
  }

  @Override
  public ErrorStatusUpdateControl<Tenant> updateErrorStatus(Tenant tenant, Context<Tenant> context, Exception e) {
    String step = rootCause(e) instanceof MountFailedException ? TenantStatusAggregator.MOUNTED
        : TenantStatusAggregator.REGISTERED;
    TenantStatus status = aggregator.aggregate(tenant, context.getSecondaryResource(PersistentVolumeClaim.class),
        Optional.empty(), hubVolumes.isMounted(tenant.getMetadata().getNamespace(), TenantNames.volume(tenant)),
        Optional.of(step), Optional.of(rootMessage(e)));
    if (sameStatus(tenant.getStatus(), status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    events.warning(tenant, "ReconcileFailed", rootMessage(e));
    tenant.setStatus(status);
    ErrorStatusUpdateControl<Tenant> control = ErrorStatusUpdateControl.patchStatus(tenant);
    return rootCause(e) instanceof HubRejectedException ? control.withNoRetry() : control;
  }

  @Override
  public DeleteControl cleanup(Tenant tenant, Context<Tenant> context) {
    if (hubVolumes.unmount(tenant.getMetadata().getNamespace(), TenantNames.volume(tenant))) {
      events.normal(tenant, "VolumeUnmounted", "Hub Deployment no longer mounts " + TenantNames.claim(tenant));
    }
    return DeleteControl.defaultDelete();
  }

  private UpdateControl<Tenant> patchIfChanged(Tenant tenant, TenantStatus status) {
    TenantStatus previous = tenant.getStatus();
    if (sameStatus(previous, status)) {
      return UpdateControl.noUpdate();
    }
    announceTransitions(tenant, status);
    tenant.setStatus(status);
    return UpdateControl.patchStatus(tenant);
  }

  private void announceTransitions(Tenant tenant, TenantStatus status) {
    var before = tenant.getStatus() == null ? null : tenant.getStatus().getConditions();
    if (!Conditions.isTrue(before, TenantStatusAggregator.REGISTERED)
        && Conditions.isTrue(status.getConditions(), TenantStatusAggregator.REGISTERED)) {
      events.normal(tenant, "TenantRegistered", "Tenant " + tenant.getSpec().getTenantId() + " is active in the hub");
    }
    if (!Conditions.isTrue(before, TenantStatusAggregator.READY)
        && Conditions.isTrue(status.getConditions(), TenantStatusAggregator.READY)) {
      events.normal(tenant, "TenantReady", "Storage bound, tenant registered and volume mounted");
    }
  }

  private static boolean sameStatus(TenantStatus previous, TenantStatus next) {
    return previous != null && Serialization.asJson(previous).equals(Serialization.asJson(next));
  }
}
