package io.kavsak.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class TenantOwnershipTest {

  @Test
  void theOlderTenantOwnsTheTenantIdWhateverItsName() {
    Tenant older = tenant("zeta", "acme", "2026-01-01T10:00:00Z");
    Tenant newer = tenant("alpha", "acme", "2026-01-01T10:00:01Z");

    assertThat(TenantOwnership.ownerOtherThan(newer, Stream.of(older, newer))).contains(older);
    assertThat(TenantOwnership.ownerOtherThan(older, Stream.of(older, newer))).isEmpty();
  }

  @Test
  void createdInTheSameSecondTheNameDecides() {
    Tenant b = tenant("b", "acme", "2026-01-01T10:00:00Z");
    Tenant a = tenant("a", "acme", "2026-01-01T10:00:00Z");

    assertThat(TenantOwnership.ownerOtherThan(b, Stream.of(a, b))).contains(a);
    assertThat(TenantOwnership.ownerOtherThan(a, Stream.of(a, b))).isEmpty();
  }

  @Test
  void tenantsWithOtherIdsDoNotCompete() {
    Tenant acme = tenant("acme", "acme", "2026-01-01T10:00:05Z");
    Tenant globex = tenant("globex", "globex", "2026-01-01T10:00:00Z");

    assertThat(TenantOwnership.ownerOtherThan(acme, Stream.of(globex))).isEmpty();
  }

  private static Tenant tenant(String name, String tenantId, String created) {
    Tenant tenant = new Tenant();
    tenant.getMetadata().setName(name);
    tenant.getMetadata().setCreationTimestamp(created);
    TenantSpec spec = new TenantSpec();
    spec.setTenantId(tenantId);
    tenant.setSpec(spec);
    return tenant;
  }
}
