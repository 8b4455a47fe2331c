package io.kavsak.operator.status;

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
}
