package io.kavsak.operator;

import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.dependent.DependentResourceSpec;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResourceFactory;
import io.kavsak.operator.hub.HubClient;
import io.kavsak.operator.hub.NeedsHub;

/** The SDK's own factory for dependents, plus handing the hub client to those that need it. */
@SuppressWarnings("rawtypes")
class KavsakDependentResourceFactory implements DependentResourceFactory<ControllerConfiguration<?>, DependentResourceSpec> {

  private final HubClient hub;

  KavsakDependentResourceFactory(HubClient hub) {
    this.hub = hub;
  }

  @Override
  public void configure(DependentResource instance, DependentResourceSpec spec, ControllerConfiguration<?> configuration) {
    DependentResourceFactory.super.configure(instance, spec, configuration);
    if (instance instanceof NeedsHub needsHub) {
      needsHub.useHub(hub);
    }
  }
}
