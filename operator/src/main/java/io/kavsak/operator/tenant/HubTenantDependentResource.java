package io.kavsak.operator.tenant;

import java.time.Duration;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.external.PerResourcePollingDependentResource;
import io.kavsak.operator.hub.HubClient;
import io.kavsak.operator.hub.HubTenant;
import io.kavsak.operator.hub.HubUnavailableException;
import io.kavsak.operator.hub.NeedsHub;

/**
 * The tenant's registration in the hub, polled so a tenant changed or deactivated behind the operator's back is put
 * right; PUT registers or re-activates it, and deleting the Tenant deactivates it (its data stays in the hub).
 */
public class HubTenantDependentResource extends PerResourcePollingDependentResource<HubTenant, Tenant, String>
    implements Creator<HubTenant, Tenant>, Updater<HubTenant, Tenant>, Deleter<Tenant>, NeedsHub {

  private static final Logger LOG = LoggerFactory.getLogger(HubTenantDependentResource.class);
  private static final Duration POLL = Duration.ofSeconds(30);

  private HubClient hub;

  public HubTenantDependentResource() {
    super(HubTenant.class, POLL);
  }

  @Override
  public void useHub(HubClient hub) {
    this.hub = hub;
  }

  @Override
  public Set<HubTenant> fetchResources(Tenant tenant) {
    try {
      return hub.getTenant(tenant.getSpec().getTenantId()).map(Set::of).orElse(Set.of());
    } catch (HubUnavailableException e) {
      // Never throw from the poll: that would end polling for this tenant. The next reconcile retries the PUT.
      LOG.warn("Hub unavailable while polling tenant {}: {}", tenant.getSpec().getTenantId(), e.getMessage());
      return Set.of();
    }
  }

  @Override
  protected HubTenant desired(Tenant tenant, Context<Tenant> context) {
    return new HubTenant(tenant.getSpec().getTenantId(), tenant.getSpec().getDisplayName(),
        tenant.getSpec().getPrivacyContact(), TenantNames.mountPath(tenant), true);
  }

  @Override
  public HubTenant create(HubTenant desired, Tenant tenant, Context<Tenant> context) {
    return put(desired);
  }

  @Override
  public HubTenant update(HubTenant actual, HubTenant desired, Tenant tenant, Context<Tenant> context) {
    return put(desired);
  }

  @Override
  public void delete(Tenant tenant, Context<Tenant> context) {
    hub.deactivateTenant(tenant.getSpec().getTenantId());
  }

  private HubTenant put(HubTenant desired) {
    return hub.putTenant(desired.tenantId(), desired.displayName(), desired.privacyContact(), desired.storagePath());
  }
}
