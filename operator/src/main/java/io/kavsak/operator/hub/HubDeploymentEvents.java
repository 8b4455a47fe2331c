package io.kavsak.operator.hub;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/**
 * Watches the hub Deployment, and only it (a metadata.name field selector, which the operator's Role requires),
 * waking every resource of a kind when the hub's replica count changes: it decides whether their volumes can be shared.
 */
public final class HubDeploymentEvents {

  public static final String NAME = "hub-deployment";

  private HubDeploymentEvents() {
  }

  public static <P extends HasMetadata> InformerEventSource<Deployment, P> eventSource(EventSourceContext<P> context) {
    var configuration = InformerEventSourceConfiguration.from(Deployment.class, context.getPrimaryResourceClass())
        .withName(NAME)
        .withFieldSelector(new FieldSelector(new FieldSelector.Field("metadata.name",
            HubDeploymentVolumes.DEPLOYMENT)))
        .withSecondaryToPrimaryMapper(hub -> context.getPrimaryCache().list(hub.getMetadata().getNamespace())
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((P primary) -> Set.of(new ResourceID(HubDeploymentVolumes.DEPLOYMENT,
            primary.getMetadata().getNamespace())))
        .withOnUpdateFilter((now, before) -> !Objects.equals(replicas(now), replicas(before)))
        .build();
    return new InformerEventSource<>(configuration, context);
  }

  /** The hub's replicas as its Deployment asks for them (1 when unset, as Kubernetes defaults it). */
  public static int replicas(Context<?> context) {
    return context.getSecondaryResource(Deployment.class).map(HubDeploymentEvents::replicas).orElse(1);
  }

  private static int replicas(Deployment hub) {
    return Optional.ofNullable(hub.getSpec()).map(spec -> spec.getReplicas()).orElse(1);
  }
}
