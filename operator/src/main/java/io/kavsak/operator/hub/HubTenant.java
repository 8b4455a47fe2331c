package io.kavsak.operator.hub;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.javaoperatorsdk.operator.processing.ResourceIDProvider;

/** A tenant as the hub's registry holds it; only the fields the operator owns, so equality means "in sync". */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HubTenant(String tenantId, String displayName, String privacyContact, String storagePath, boolean active)
    implements ResourceIDProvider<String> {

  @Override
  public String resourceId() {
    return tenantId;
  }
}
