package io.kavsak.operator.recall;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.kavsak.operator.status.ResourceStatus;

/** The hub's view of the recall, mirrored so kubectl shows its progress and whether the 48-hour SLA holds. */
public class RecallRequestStatus extends ResourceStatus {

  @JsonPropertyDescription("Identifier of the recall in the hub, set once it has been submitted.")
  private String requestId;

  @JsonPropertyDescription("The hub's state of the recall: REQUESTED, IN_PROGRESS, COMPLETED or FAILED.")
  private String state;

  @JsonPropertyDescription("When the hub accepted the recall (RFC 3339).")
  private String requestedAt;

  @JsonPropertyDescription("When the hub completed the recall (RFC 3339).")
  private String completedAt;

  @JsonPropertyDescription("When the recall must be complete by (RFC 3339).")
  private String deadline;

  @JsonPropertyDescription("True once the deadline passed before completion.")
  private Boolean slaBreached;

  public String getRequestId() {
    return requestId;
  }

  public void setRequestId(String requestId) {
    this.requestId = requestId;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getRequestedAt() {
    return requestedAt;
  }

  public void setRequestedAt(String requestedAt) {
    this.requestedAt = requestedAt;
  }

  public String getCompletedAt() {
    return completedAt;
  }

  public void setCompletedAt(String completedAt) {
    this.completedAt = completedAt;
  }

  public String getDeadline() {
    return deadline;
  }

  public void setDeadline(String deadline) {
    this.deadline = deadline;
  }

  public Boolean getSlaBreached() {
    return slaBreached;
  }

  public void setSlaBreached(Boolean slaBreached) {
    this.slaBreached = slaBreached;
  }
}
