package io.kavsak.operator.tenant;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A database the tenant's reports read, registered in the hub; its credentials stay in a Secret. */
public class DatasourceSpec {

  @Required
  @Pattern("^[a-z0-9][a-z0-9-]{0,62}$")
  @JsonPropertyDescription("Identifier of the datasource in the hub (lower-case letters, digits and dashes, at most "
      + "63), as report queries and scheduled jobs name it.")
  private String id;

  @Required
  @Size(min = 1, max = 2000)
  @Pattern("^jdbc:")
  @JsonPropertyDescription("JDBC URL of the database, e.g. jdbc:postgresql://db.acme.internal:5432/sales; the hub "
      + "refuses URLs it does not support or that name its own database.")
  private String jdbcUrl;

  @Pattern("^[A-Za-z_][A-Za-z0-9_$]{0,62}$")
  @JsonPropertyDescription("Schema put first on the search path of report queries (optional).")
  private String schema;

  @Required
  @JsonPropertyDescription("The Secret, in the Tenant's namespace, holding the database login; no password is ever "
      + "written into the Tenant.")
  private CredentialsSecretRef secretRef;

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getJdbcUrl() {
    return jdbcUrl;
  }

  public void setJdbcUrl(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  public String getSchema() {
    return schema;
  }

  public void setSchema(String schema) {
    this.schema = schema;
  }

  public CredentialsSecretRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(CredentialsSecretRef secretRef) {
    this.secretRef = secretRef;
  }
}
