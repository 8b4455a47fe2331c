package io.kavsak.operator.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What became of one declared datasource. {@code appliedSecretVersion} and {@code appliedSpec} say what was last
 * registered, so a changed Secret or entry is registered again; the ids listed here are the ones the operator
 * registered, and removes from the hub when they leave the spec.
 */
public class DatasourceStatus {

  @JsonPropertyDescription("Identifier of the datasource in the hub.")
  private String id;

  @JsonPropertyDescription("True once the hub holds the datasource as declared, with the Secret's current login.")
  private Boolean registered;

  @JsonPropertyDescription("Why: Registered, SecretNotFound, KeyMissing, HubRejected or DuplicateId.")
  private String reason;

  @JsonPropertyDescription("What happened, in the words of whoever refused.")
  private String message;

  @JsonPropertyDescription("resourceVersion of the Secret whose login the hub last received.")
  private String appliedSecretVersion;

  @JsonPropertyDescription("Digest of the spec entry (URL, schema, Secret and keys) last registered.")
  private String appliedSpec;

  public DatasourceStatus() {
  }

  DatasourceStatus(String id, boolean registered, String reason, String message, String appliedSecretVersion,
      String appliedSpec) {
    this.id = id;
    this.registered = registered;
    this.reason = reason;
    this.message = message;
    this.appliedSecretVersion = appliedSecretVersion;
    this.appliedSpec = appliedSpec;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public Boolean getRegistered() {
    return registered;
  }

  public void setRegistered(Boolean registered) {
    this.registered = registered;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getAppliedSecretVersion() {
    return appliedSecretVersion;
  }

  public void setAppliedSecretVersion(String appliedSecretVersion) {
    this.appliedSecretVersion = appliedSecretVersion;
  }

  public String getAppliedSpec() {
    return appliedSpec;
  }

  public void setAppliedSpec(String appliedSpec) {
    this.appliedSpec = appliedSpec;
  }
}
