package io.kavsak.operator.status;

import java.util.Optional;

import io.javaoperatorsdk.operator.AggregatedOperatorException;

/** Finds the exception behind what the SDK hands to updateErrorStatus, which may wrap or aggregate it. */
public final class Failures {

  private Failures() {
  }

  public static Throwable rootCause(Throwable e) {
    if (e instanceof AggregatedOperatorException aggregated && !aggregated.getAggregatedExceptions().isEmpty()) {
      return rootCause(aggregated.getAggregatedExceptions().values().iterator().next());
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  public static String rootMessage(Throwable e) {
    Throwable cause = rootCause(e);
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** The first exception of {@code type} in {@code e}'s causes, looking into aggregated ones. */
  public static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (type.isInstance(cause)) {
        return Optional.of(type.cast(cause));
      }
      if (cause instanceof AggregatedOperatorException aggregated) {
        for (Exception inner : aggregated.getAggregatedExceptions().values()) {
          Optional<T> found = find(inner, type);
          if (found.isPresent()) {
            return found;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The message of the outermost exception of {@code type}, else the root message. */
  public static String message(Throwable e, Class<? extends Throwable> type) {
    return find(e, type).map(Throwable::getMessage).filter(m -> m != null && !m.isBlank()).orElseGet(() -> rootMessage(e));
  }
}
