package io.kavsak.operator.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.kavsak.operator.status.ResourceStatus;

/**
 * What the operator observed of a tenant: its claim, its hub registration and the conditions StorageReady,
 * VolumeShareable, Registered, Mounted and Ready.
 */
public class TenantStatus extends ResourceStatus {

  @JsonPropertyDescription("Name of the tenant's PersistentVolumeClaim in the hub's namespace.")
  private String pvcName;

  @JsonPropertyDescription("Path at which the hub mounts the tenant's volume.")
  private String mountPath;

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
}
