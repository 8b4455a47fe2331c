package io.kavsak.operator.tenant;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.kavsak.operator.status.ResourceStatus;

/**
 * What the operator observed of a tenant: its claim, its hub registration, its datasources and the conditions
 * StorageReady, VolumeShareable, Registered, Mounted, DatasourcesRegistered and Ready.
 */
public class TenantStatus extends ResourceStatus {

  @JsonPropertyDescription("Name of the tenant's PersistentVolumeClaim in the hub's namespace.")
  private String pvcName;

  @JsonPropertyDescription("Path at which the hub mounts the tenant's volume.")
  private String mountPath;

  @JsonPropertyDescription("Each datasource the operator registered or tried to register, with the outcome.")
  private List<DatasourceStatus> datasources = new ArrayList<>();

  public List<DatasourceStatus> getDatasources() {
    return datasources;
  }

  public void setDatasources(List<DatasourceStatus> datasources) {
    this.datasources = datasources;
  }

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
