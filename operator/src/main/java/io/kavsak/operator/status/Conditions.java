package io.kavsak.operator.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/** Builds a status's conditions in one place, keeping lastTransitionTime when a condition's status did not change. */
public final class Conditions {

  private final List<Condition> previous;
  private final List<Condition> next = new ArrayList<>();
  private final Long generation;
  private final Clock clock;

  public Conditions(List<Condition> previous, Long generation, Clock clock) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.clock = clock;
  }

  public Conditions set(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    String since = previous.stream()
        .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
        .map(Condition::getLastTransitionTime)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    next.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
        .withObservedGeneration(generation).withLastTransitionTime(since).build());
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(next);
  }

  /** True when {@code conditions} has {@code type} with status True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return conditions != null && conditions.stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
