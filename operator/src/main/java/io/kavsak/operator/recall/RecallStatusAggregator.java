package io.kavsak.operator.recall;

import java.time.Clock;

import io.kavsak.operator.hub.HubRecall;
import io.kavsak.operator.status.Conditions;

/** Mirrors the hub's view of a recall into the RecallRequest's status, with Submitted, Completed and SLABreached. */
public final class RecallStatusAggregator {

  public static final String SUBMITTED = "Submitted";
  public static final String COMPLETED = "Completed";
  public static final String SLA_BREACHED = "SLABreached";

  private final Clock clock;

  public RecallStatusAggregator(Clock clock) {
    this.clock = clock;
  }

  public RecallRequestStatus fromHub(RecallRequest request, HubRecall recall) {
    Conditions conditions = conditions(request);
    conditions.set(SUBMITTED, true, "Accepted", "The hub accepted recall " + recall.id());
    conditions.set(COMPLETED, recall.completed(), recall.state(), switch (recall.state()) {
      case "COMPLETED" -> "The user's data was recalled at " + recall.completedAt();
      case "FAILED" -> "The hub reports the recall failed; see its audit trail";
      default -> "The hub reports the recall " + recall.state();
    });
    conditions.set(SLA_BREACHED, recall.slaBreached(), recall.slaBreached() ? "DeadlinePassed" : "WithinDeadline",
        recall.slaBreached() ? "The deadline " + recall.deadline() + " passed before completion"
            : "Deadline " + recall.deadline());
    RecallRequestStatus status = new RecallRequestStatus();
    status.setObservedGeneration(request.getMetadata().getGeneration());
    status.setConditions(conditions.build());
    status.setPhase(recall.state());
    status.setRequestId(recall.id());
    status.setState(recall.state());
    status.setRequestedAt(recall.requestedAt());
    status.setCompletedAt(recall.completedAt());
    status.setDeadline(recall.deadline());
    status.setSlaBreached(recall.slaBreached());
    return status;
  }

  /** The status after a failed attempt: what was known before, with Submitted saying why the hub was not reached. */
  public RecallRequestStatus unreachable(RecallRequest request, String reason, String message) {
    RecallRequestStatus previous = request.getStatus();
    RecallRequestStatus status = new RecallRequestStatus();
    if (previous != null) {
      status.setRequestId(previous.getRequestId());
      status.setState(previous.getState());
      status.setRequestedAt(previous.getRequestedAt());
      status.setCompletedAt(previous.getCompletedAt());
      status.setDeadline(previous.getDeadline());
      status.setSlaBreached(previous.getSlaBreached());
      status.setPhase(previous.getPhase());
    }
    Conditions conditions = conditions(request);
    boolean submitted = status.getRequestId() != null;
    conditions.set(SUBMITTED, submitted, submitted ? "Accepted" : reason, message);
    if (previous != null) {
      previous.getConditions().stream().filter(c -> !SUBMITTED.equals(c.getType()))
          .forEach(c -> conditions.set(c.getType(), "True".equals(c.getStatus()), c.getReason(), c.getMessage()));
    }
    status.setObservedGeneration(request.getMetadata().getGeneration());
    status.setConditions(conditions.build());
    if (status.getPhase() == null) {
      status.setPhase("Pending");
    }
    return status;
  }

  private Conditions conditions(RecallRequest request) {
    return new Conditions(request.getStatus() == null ? null : request.getStatus().getConditions(),
        request.getMetadata().getGeneration(), clock);
  }
}
