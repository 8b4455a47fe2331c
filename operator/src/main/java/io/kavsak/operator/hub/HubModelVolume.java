package io.kavsak.operator.hub;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A model volume as the hub's model manager reports it: active versions, count, usage and the last cleanup. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HubModelVolume(String modelName, List<String> activeVersions, int versionCount, long usedBytes,
    long capacityBytes, double usagePercent, boolean nearlyFull, Cleanup lastCleanup) {

  /** One cleanup run of the volume. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Cleanup(String kind, int deleted, long freedBytes, String ranAt) {
  }
}
