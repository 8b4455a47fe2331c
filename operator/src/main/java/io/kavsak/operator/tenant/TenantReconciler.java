package io.kavsak.operator.tenant;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
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
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.kavsak.operator.events.ResourceEvents;
import io.kavsak.operator.hub.HubDeploymentEvents;
import io.kavsak.operator.hub.HubDeploymentVolumes;
import io.kavsak.operator.hub.HubTenant;
import io.kavsak.operator.status.Conditions;
import io.kavsak.operator.storage.VolumeSharing;
import io.kavsak.operator.tenant.TenantStatusAggregator.Failure;

/**
 * Orchestrates a tenant: claim and hub registration as dependents, then the mount into the hub, then its datasources
 * (logins from Secrets, watched), then the status.
 * The workflow runs only for the Tenant that owns its tenantId (the oldest declaring it): a later duplicate gets a
 * DuplicateTenantId condition, and its deletion touches neither the hub nor the owner's volume.
 */
@ControllerConfiguration(name = "tenant", fieldManager = HubDeploymentVolumes.FIELD_MANAGER,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = 15, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 120_000)
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "volume-claim", type = TenantVolumeClaimDependentResource.class),
    @Dependent(name = "hub-registration", type = HubTenantDependentResource.class, dependsOn = "volume-claim")})
public class TenantReconciler implements Reconciler<Tenant>, Cleaner<Tenant> {

  private final HubDeploymentVolumes hubVolumes;
  private final ResourceEvents events;
  private final TenantStatusAggregator aggregator;
  private final DatasourceRegistration datasources;

  public TenantReconciler(HubDeploymentVolumes hubVolumes, DatasourceRegistration datasources, ResourceEvents events,
      Clock clock) {
    this.hubVolumes = hubVolumes;
    this.datasources = datasources;
    this.events = events;
    this.aggregator = new TenantStatusAggregator(clock);
  }

  @Override
  public List<EventSource<?, Tenant>> prepareEventSources(EventSourceContext<Tenant> context) {
    return List.of(HubDeploymentEvents.eventSource(context), sameTenantIdEvents(context),
        DatasourceRegistration.secretEvents(context));
  }

  @Override
  public UpdateControl<Tenant> reconcile(Tenant tenant, Context<Tenant> context) {
    Optional<Tenant> owner = owner(tenant, context);
    if (owner.isPresent()) {
      return patchIfChanged(tenant, aggregator.duplicate(tenant, owner.get()));
    }
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    Optional<PersistentVolumeClaim> claim = context.getSecondaryResource(PersistentVolumeClaim.class);
    VolumeSharing sharing = sharing(tenant, claim, context);
    boolean mounted = mountIfShareable(tenant, sharing);
    Optional<HubTenant> registration = context.getSecondaryResource(HubTenant.class);
    TenantStatus status = aggregator.aggregate(tenant, claim, registration, sharing, mounted, Optional.empty());
    // datasources need the tenant active in the hub; until then the last outcome stands
    List<DatasourceStatus> registered = registration.map(HubTenant::active).orElse(false)
        ? datasources.reconcile(tenant, context.getSecondaryResourcesAsStream(Secret.class)
            .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a)))
        : previousDatasources(tenant);
    return patchIfChanged(tenant, aggregator.withDatasources(tenant, status, registered));
  }

  private static List<DatasourceStatus> previousDatasources(Tenant tenant) {
    return tenant.getStatus() == null || tenant.getStatus().getDatasources() == null ? List.of()
        : tenant.getStatus().getDatasources();
  }

  @Override
  public ErrorStatusUpdateControl<Tenant> updateErrorStatus(Tenant tenant, Context<Tenant> context, Exception e) {
    Failure failure = Failure.of(tenant, e);
    Optional<PersistentVolumeClaim> claim = context.getSecondaryResource(PersistentVolumeClaim.class);
    TenantStatus status = aggregator.aggregate(tenant, claim, context.getSecondaryResource(HubTenant.class),
        sharing(tenant, claim, context), hubVolumes.isMounted(tenant.getMetadata().getNamespace(),
            TenantNames.volume(tenant)), Optional.of(failure));
    status = aggregator.withDatasources(tenant, status, previousDatasources(tenant));
    ErrorStatusUpdateControl<Tenant> control;
    if (sameStatus(tenant.getStatus(), status)) {
      control = ErrorStatusUpdateControl.noStatusUpdate();
    } else {
      events.warning(tenant, failure.reason(), failure.message());
      tenant.setStatus(status);
      control = ErrorStatusUpdateControl.patchStatus(tenant);
    }
    // The hub refused the request as it stands: the same request again would be refused again.
    return "HubRejected".equals(failure.reason()) ? control.withNoRetry() : control;
  }

  @Override
  public DeleteControl cleanup(Tenant tenant, Context<Tenant> context) {
    if (owner(tenant, context).isPresent()) {
      return DeleteControl.defaultDelete();
    }
    // the logins a Tenant declared do not outlive it
    datasources.removeAll(tenant);
    context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
    if (hubVolumes.unmount(tenant.getMetadata().getNamespace(), TenantNames.volume(tenant))) {
      events.normal(tenant, "VolumeUnmounted", "Hub Deployment no longer mounts " + TenantNames.claim(tenant));
    }
    return DeleteControl.defaultDelete();
  }

  /**
   * The older Tenant that owns this one's tenantId, if any. The informer cache may still hold an owner that was
   * just deleted (its deletion is what woke this Tenant), so the API server confirms the owner still exists.
   */
  private static Optional<Tenant> owner(Tenant tenant, Context<Tenant> context) {
    String namespace = tenant.getMetadata().getNamespace();
    List<Tenant> candidates = context.getPrimaryCache().list(namespace).collect(Collectors.toList());
    while (true) {
      Optional<Tenant> owner = TenantOwnership.ownerOtherThan(tenant, candidates.stream());
      if (owner.isEmpty() || context.getClient().resources(Tenant.class).inNamespace(namespace)
          .withName(owner.get().getMetadata().getName()).get() != null) {
        return owner;
      }
      candidates.remove(owner.get());
    }
  }

  /** Wakes the other Tenants declaring the same tenantId when a Tenant appears or goes: ownership may move. */
  private static InformerEventSource<Tenant, Tenant> sameTenantIdEvents(EventSourceContext<Tenant> context) {
    var configuration = InformerEventSourceConfiguration.from(Tenant.class, Tenant.class)
        .withName("same-tenant-id")
        .withSecondaryToPrimaryMapper((Tenant changed) -> context.getPrimaryCache()
            .list(changed.getMetadata().getNamespace(), other ->
                changed.getSpec().getTenantId().equals(other.getSpec().getTenantId())
                    && !changed.getMetadata().getName().equals(other.getMetadata().getName()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        // tenantId and creationTimestamp never change, so no update moves ownership
        .withOnUpdateFilter((now, before) -> false)
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  private static VolumeSharing sharing(Tenant tenant, Optional<PersistentVolumeClaim> claim, Context<Tenant> context) {
    return VolumeSharing.of(TenantNames.claim(tenant), claim, tenant.getSpec().getStorage(),
        HubDeploymentEvents.replicas(context));
  }

  /**
   * Mounts the claim unless replicas on other nodes could not attach it: their pods would never start, and every
   * later rollout of the hub would stall behind them. A claim mounted before the hub was scaled out stays mounted.
   */
  private boolean mountIfShareable(Tenant tenant, VolumeSharing sharing) {
    String namespace = tenant.getMetadata().getNamespace();
    if (!sharing.shareable() && !hubVolumes.isMounted(namespace, TenantNames.volume(tenant))) {
      return false;
    }
    if (hubVolumes.mount(namespace, TenantNames.volume(tenant), TenantNames.claim(tenant),
        TenantNames.mountPath(tenant))) {
      events.normal(tenant, "VolumeMounted", "Hub Deployment mounts " + TenantNames.claim(tenant) + " at "
          + TenantNames.mountPath(tenant));
    }
    return true;
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
    boolean wasDuplicate = tenant.getStatus() != null && "Duplicate".equals(tenant.getStatus().getPhase());
    if (!wasDuplicate && "Duplicate".equals(status.getPhase())) {
      events.warning(tenant, TenantStatusAggregator.DUPLICATE, status.getConditions().get(0).getMessage());
    }
    if (Conditions.isTrue(before, TenantStatusAggregator.VOLUME_SHAREABLE)
        && !Conditions.isTrue(status.getConditions(), TenantStatusAggregator.VOLUME_SHAREABLE)) {
      events.warning(tenant, VolumeSharing.NOT_SHAREABLE, status.getConditions().stream()
          .filter(c -> TenantStatusAggregator.VOLUME_SHAREABLE.equals(c.getType())).findFirst()
          .map(c -> c.getMessage()).orElse(""));
    }
  }

  private static boolean sameStatus(TenantStatus previous, TenantStatus next) {
    return previous != null && Serialization.asJson(previous).equals(Serialization.asJson(next));
  }
}
