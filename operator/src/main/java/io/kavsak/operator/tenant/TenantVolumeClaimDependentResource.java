package io.kavsak.operator.tenant;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kavsak.operator.storage.StorageSpec;
import io.kavsak.operator.storage.VolumeClaimDependentResource;
import io.kavsak.operator.storage.VolumeClaims;

/** The tenant's PersistentVolumeClaim, in the hub's namespace so the hub can mount it. */
public class TenantVolumeClaimDependentResource extends VolumeClaimDependentResource<Tenant> {

  static final String TENANT_LABEL = "kavsak.io/tenant";

  @Override
  protected PersistentVolumeClaim desired(Tenant tenant, Context<Tenant> context) {
    return VolumeClaims.desired(TenantNames.claim(tenant), tenant.getMetadata().getNamespace(),
        tenant.getSpec().getStorage(), Map.of(
            "app.kubernetes.io/part-of", "kavsak",
            "app.kubernetes.io/managed-by", "kavsak-operator",
            TENANT_LABEL, tenant.getSpec().getTenantId()));
  }

  @Override
  protected StorageSpec storage(Tenant tenant) {
    return tenant.getSpec().getStorage();
  }

  @Override
  protected String claimName(Tenant tenant) {
    return TenantNames.claim(tenant);
  }

  /** Every Tenant declaring the claim's tenant id (only the oldest acts on it, see TenantOwnership). */
  @Override
  protected Set<ResourceID> owners(PersistentVolumeClaim claim, EventSourceContext<Tenant> context) {
    String tenantId = claim.getMetadata().getLabels() == null ? null : claim.getMetadata().getLabels().get(TENANT_LABEL);
    if (tenantId == null) {
      return Set.of();
    }
    return context.getPrimaryCache().list(claim.getMetadata().getNamespace(),
            tenant -> tenantId.equals(tenant.getSpec().getTenantId()))
        .map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
