package io.kavsak.operator.recall;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * When a completed RecallRequest is deleted, like a Job's ttlSecondsAfterFinished: its own TTL, else the operator's
 * default, counted from the hub's completion time. A FAILED or open recall never expires.
 */
public final class RecallRequestExpiry {

  private final Optional<Duration> defaultTtl;

  /** @param defaultTtl the TTL of a request that sets none; empty: such requests are kept */
  public RecallRequestExpiry(Optional<Duration> defaultTtl) {
    this.defaultTtl = defaultTtl;
  }

  /** The TTL that applies to this request, if any. */
  public Optional<Duration> ttl(RecallRequestSpec spec) {
    return Optional.ofNullable(spec.getTtlSecondsAfterFinished()).map(s -> Duration.ofSeconds(s)).or(() -> defaultTtl);
  }

  /** When the request is due for deletion; empty while it is not COMPLETED or when no TTL applies. */
  public Optional<Instant> expiresAt(RecallRequestSpec spec, RecallRequestStatus status) {
    if (status == null || !"COMPLETED".equals(status.getState())) {
      return Optional.empty();
    }
    return ttl(spec).flatMap(ttl -> completedAt(status).map(at -> at.plus(ttl)));
  }

  /** The hub's completion time; the Completed condition's transition time if the hub gave none. */
  static Optional<Instant> completedAt(RecallRequestStatus status) {
    return parse(status.getCompletedAt()).or(() -> status.getConditions() == null ? Optional.empty()
        : status.getConditions().stream()
            .filter(c -> RecallStatusAggregator.COMPLETED.equals(c.getType()) && "True".equals(c.getStatus()))
            .findFirst().flatMap(c -> parse(c.getLastTransitionTime())));
  }

  private static Optional<Instant> parse(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(timestamp).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
