package io.kavsak.operator.tenant;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.kavsak.operator.storage.StorageSpec;

/** What a user asks for when declaring a tenant. */
public class TenantSpec {

  @Required
  @Size(min = 1, max = 40)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @ValidationRule(value = "self == oldSelf", message = "tenantId is immutable")
  @JsonPropertyDescription("Identifier of the tenant in the hub (lower-case letters, digits and dashes, at most 40). "
      + "Names the tenant's volume and its mount; immutable.")
  private String tenantId;

  @Required
  @Size(min = 1, max = 200)
  @JsonPropertyDescription("Human-readable name of the tenant, shown in the hub.")
  private String displayName;

  @Pattern("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")
  @JsonPropertyDescription("E-mail address of the tenant's privacy contact, who hears about data recalls.")
  private String privacyContact;

  @Required
  @JsonPropertyDescription("The tenant's persistent volume, mounted into the hub at /var/lib/kavsak/tenants/<tenantId>.")
  private StorageSpec storage;

  @Size(max = 20)
  @JsonPropertyDescription("Databases the tenant's reports read, registered in the hub by the operator with the login "
      + "from a Secret in the Tenant's namespace; removing an entry removes the datasource from the hub. An id "
      + "declared twice is registered from its first entry only.")
  private List<DatasourceSpec> datasources = new ArrayList<>();

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getPrivacyContact() {
    return privacyContact;
  }

  public void setPrivacyContact(String privacyContact) {
    this.privacyContact = privacyContact;
  }

  public List<DatasourceSpec> getDatasources() {
    return datasources;
  }

  public void setDatasources(List<DatasourceSpec> datasources) {
    this.datasources = datasources;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }
}
