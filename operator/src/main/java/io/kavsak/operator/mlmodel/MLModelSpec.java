package io.kavsak.operator.mlmodel;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.kavsak.operator.storage.StorageSpec;

/** Which model this is, where its files live and how long its old versions are kept. */
public class MLModelSpec {

  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-_a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Kind of model, as the hub's model manager names it (e.g. anomaly-detector).")
  private String modelType;

  @Required
  @JsonPropertyDescription("The model's persistent volume, mounted into the hub at /var/lib/kavsak/models/<metadata.name>.")
  private StorageSpec storage;

  @Default("{}")
  @JsonPropertyDescription("How the hub cleans up old versions of the model; every field has a default.")
  private RetentionSpec retention = new RetentionSpec();

  public String getModelType() {
    return modelType;
  }

  public void setModelType(String modelType) {
    this.modelType = modelType;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public RetentionSpec getRetention() {
    return retention;
  }

  public void setRetention(RetentionSpec retention) {
    this.retention = retention;
  }
}
