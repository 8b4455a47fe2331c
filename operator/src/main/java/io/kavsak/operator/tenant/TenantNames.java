package io.kavsak.operator.tenant;

/** The names a tenant's id gives to its claim, its volume in the hub Deployment and its path in the hub. */
public final class TenantNames {

  private TenantNames() {
  }

  public static String claim(Tenant tenant) {
    return "kavsak-tenant-" + tenant.getSpec().getTenantId();
  }

  public static String volume(Tenant tenant) {
    return "tenant-" + tenant.getSpec().getTenantId();
  }

  public static String mountPath(Tenant tenant) {
    return "/var/lib/kavsak/tenants/" + tenant.getSpec().getTenantId();
  }
}
