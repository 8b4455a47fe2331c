package io.kavsak.operator.mlmodel;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.kavsak.operator.status.ResourceStatus;

/** What the operator observed of a model: its claim and mount now, its versions once the hub's model manager reports them. */
public class MLModelStatus extends ResourceStatus {

  @JsonPropertyDescription("Name of the model's PersistentVolumeClaim in the hub's namespace.")
  private String pvcName;

  @JsonPropertyDescription("Path at which the hub mounts the model's volume.")
  private String mountPath;

  @JsonPropertyDescription("Version the hub serves, as tenant/version (comma-separated when several tenants use the "
      + "model); reported by the hub's model manager.")
  private String activeVersion;

  @JsonPropertyDescription("Number of versions stored on the volume, all tenants; reported by the hub.")
  private Integer versionCount;

  @JsonPropertyDescription("Bytes used on the volume; reported by the hub.")
  private Long usedBytes;

  @JsonPropertyDescription("The volume's capacity in bytes that usage is measured against.")
  private Long capacityBytes;

  @JsonPropertyDescription("Volume usage in whole percent; VolumeNearlyFull is True from spec.retention."
      + "emergencyCleanupDiskPercent.")
  private Integer usagePercent;

  @JsonPropertyDescription("When the hub last cleaned the volume up (RFC 3339).")
  private String lastCleanupTime;

  @JsonPropertyDescription("Kind of the last cleanup: scheduled, emergency or manual.")
  private String lastCleanupKind;

  @JsonPropertyDescription("Bytes the last cleanup freed.")
  private Long lastCleanupFreedBytes;

  @JsonPropertyDescription("Versions stored on the volume; reported by the hub's model manager.")
  private List<String> versions = new ArrayList<>();

  public String getPvcName() {
    return pvcName;
  }

  public void setPvcName(String pvcName) {
    this.pvcName = pvcName;
  }

  public String getMountPath() {
    return mountPath;
  }

  public void setMountPath(String mountPath) {
    this.mountPath = mountPath;
  }

  public String getActiveVersion() {
    return activeVersion;
  }

  public void setActiveVersion(String activeVersion) {
    this.activeVersion = activeVersion;
  }

  public Integer getVersionCount() {
    return versionCount;
  }

  public void setVersionCount(Integer versionCount) {
    this.versionCount = versionCount;
  }

  public Long getUsedBytes() {
    return usedBytes;
  }

  public void setUsedBytes(Long usedBytes) {
    this.usedBytes = usedBytes;
  }

  public Long getCapacityBytes() {
    return capacityBytes;
  }

  public void setCapacityBytes(Long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  public Integer getUsagePercent() {
    return usagePercent;
  }

  public void setUsagePercent(Integer usagePercent) {
    this.usagePercent = usagePercent;
  }

  public String getLastCleanupTime() {
    return lastCleanupTime;
  }

  public void setLastCleanupTime(String lastCleanupTime) {
    this.lastCleanupTime = lastCleanupTime;
  }

  public String getLastCleanupKind() {
    return lastCleanupKind;
  }

  public void setLastCleanupKind(String lastCleanupKind) {
    this.lastCleanupKind = lastCleanupKind;
  }

  public Long getLastCleanupFreedBytes() {
    return lastCleanupFreedBytes;
  }

  public void setLastCleanupFreedBytes(Long lastCleanupFreedBytes) {
    this.lastCleanupFreedBytes = lastCleanupFreedBytes;
  }

  public List<String> getVersions() {
    return versions;
  }

  public void setVersions(List<String> versions) {
    this.versions = versions;
  }
}
