package io.kavsak.operator.tenant;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which of several Tenant resources declaring the same tenantId owns it: the oldest (creationTimestamp, then name).
 * Only the owner registers the tenant, creates and mounts its volume, and cleans up when deleted.
 */
final class TenantOwnership {

  static final Comparator<Tenant> OLDEST_FIRST = Comparator
      .comparing((Tenant tenant) -> created(tenant))
      .thenComparing(tenant -> tenant.getMetadata().getName());

  private TenantOwnership() {
  }

  /** The Tenant that owns {@code tenant}'s tenantId when it is another one; empty when {@code tenant} owns it. */
  static Optional<Tenant> ownerOtherThan(Tenant tenant, Stream<Tenant> sameNamespace) {
    String tenantId = tenant.getSpec().getTenantId();
    return Stream.concat(Stream.of(tenant), sameNamespace)
        .filter(other -> tenantId.equals(other.getSpec().getTenantId()))
        .min(OLDEST_FIRST)
        .filter(owner -> !owner.getMetadata().getName().equals(tenant.getMetadata().getName()));
  }

  private static Instant created(Tenant tenant) {
    String timestamp = tenant.getMetadata().getCreationTimestamp();
    return timestamp == null ? Instant.MAX : Instant.parse(timestamp);
  }
}
