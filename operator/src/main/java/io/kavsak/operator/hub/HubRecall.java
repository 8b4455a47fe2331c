package io.kavsak.operator.hub;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A recall request as the hub reports it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HubRecall(String id, String tenantId, String userId, String mode, String state, String requestedAt,
    String completedAt, String deadline, boolean slaBreached) {

  public boolean completed() {
    return "COMPLETED".equals(state);
  }

  public boolean failed() {
    return "FAILED".equals(state);
  }
}
