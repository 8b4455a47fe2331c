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

  @JsonPropertyDescription("Version the hub serves; reported by the hub's model manager.")
  private String activeVersion;

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

  public List<String> getVersions() {
    return versions;
  }

  public void setVersions(List<String> versions) {
    this.versions = versions;
  }
}
