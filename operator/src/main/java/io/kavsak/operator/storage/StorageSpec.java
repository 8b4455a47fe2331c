package io.kavsak.operator.storage;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The persistent volume a Tenant or MLModel asks for; shared so both kinds speak the same storage language. */
public class StorageSpec {

  @Required
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
  @JsonPropertyDescription("Requested capacity of the PersistentVolumeClaim, as a Kubernetes quantity string (e.g. 10Gi). "
      + "May grow where the StorageClass allows volume expansion; a smaller value is never applied.")
  private String size;

  @ValidationRule(value = "self == oldSelf", message = "storageClassName is immutable")
  @JsonPropertyDescription("StorageClass of the claim; the cluster's default StorageClass when omitted. Immutable.")
  private String storageClassName;

  @Size(min = 1)
  @ValidationRule(value = "self == oldSelf", message = "accessModes are immutable")
  @JsonPropertyDescription("Access modes of the claim; ReadWriteMany when omitted, since every hub replica mounts it. "
      + "Without ReadWriteMany the operator mounts the claim only while the hub runs one replica (condition "
      + "VolumeShareable). Immutable.")
  private List<AccessMode> accessModes = new ArrayList<>();

  @Default("Retain")
  @JsonPropertyDescription("What happens to the claim and its data when the resource is deleted: Retain (default) "
      + "keeps it, Delete removes it.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }

  public List<AccessMode> getAccessModes() {
    return accessModes;
  }

  public void setAccessModes(List<AccessMode> accessModes) {
    this.accessModes = accessModes;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
