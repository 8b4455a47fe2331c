package io.kavsak.operator.tenant;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A tenant of the hub: its registration, its volume and where the hub mounts it. */
@Group(Tenant.GROUP)
@Version(Tenant.VERSION)
@ShortNames({"ktenant", "kten"})
@Categories("kavsak")
@AdditionalPrinterColumn(name = "Tenant", jsonPath = ".spec.tenantId")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "PVC", jsonPath = ".status.pvcName")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Tenant extends CustomResource<TenantSpec, TenantStatus> implements Namespaced {

  public static final String GROUP = "kavsak.io";
  public static final String VERSION = "v1alpha1";
}
