package io.kavsak.operator.recall;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Whose data to recall, in which tenant, how, and how long the finished request stays; immutable once asked for. */
@ValidationRule(value = "self == oldSelf", message = "a RecallRequest's spec is immutable; create a new one instead")
public class RecallRequestSpec {

  @Required
  @Size(min = 1, max = 40)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Identifier of the tenant the user belongs to.")
  private String tenantId;

  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription("Identifier of the user whose data is recalled, as the tenant's back end knows them.")
  private String userId;

  @Required
  @JsonPropertyDescription("FULL_EXCLUDE deletes the user's feature-store rows and excludes their training-log events; "
      + "ANONYMIZE keeps the rows without anything that identifies the user.")
  private RecallMode mode;

  @Min(0)
  @JsonPropertyDescription("Seconds after the recall COMPLETED (status.completedAt) at which the operator deletes "
      + "this resource, so the user id does not stay in the cluster. Unset: the operator's default "
      + "(KAVSAK_RECALL_DEFAULT_TTL_SECONDS), without one the resource is kept. A FAILED recall is never deleted.")
  private Integer ttlSecondsAfterFinished;

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  public RecallMode getMode() {
    return mode;
  }

  public void setMode(RecallMode mode) {
    this.mode = mode;
  }

  public Integer getTtlSecondsAfterFinished() {
    return ttlSecondsAfterFinished;
  }

  public void setTtlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
    this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
  }
}
