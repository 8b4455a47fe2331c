package io.kavsak.operator.tenant;

import java.util.Map;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.kavsak.operator.storage.StorageSpec;
import io.kavsak.operator.storage.VolumeClaimDependentResource;
import io.kavsak.operator.storage.VolumeClaims;

/** The tenant's PersistentVolumeClaim, in the hub's namespace so the hub can mount it. */
public class TenantVolumeClaimDependentResource extends VolumeClaimDependentResource<Tenant> {

  @Override
  protected PersistentVolumeClaim desired(Tenant tenant, Context<Tenant> context) {
    return VolumeClaims.desired(TenantNames.claim(tenant), tenant.getMetadata().getNamespace(),
        tenant.getSpec().getStorage(), Map.of(
            "app.kubernetes.io/part-of", "kavsak",
            "app.kubernetes.io/managed-by", "kavsak-operator",
            "kavsak.io/tenant", tenant.getSpec().getTenantId()));
  }

  @Override
  protected StorageSpec storage(Tenant tenant) {
    return tenant.getSpec().getStorage();
  }
}
