package io.kavsak.operator.events;

import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Records what the operator did to a resource as a Kubernetes Event, shown by kubectl describe. */
public class ResourceEvents {

  private static final Logger LOG = LoggerFactory.getLogger(ResourceEvents.class);
  private static final String COMPONENT = "kavsak-operator";

  private final KubernetesClient client;

  public ResourceEvents(KubernetesClient client) {
    this.client = client;
  }

  public void normal(HasMetadata resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  public void warning(HasMetadata resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(HasMetadata resource, String type, String reason, String message) {
    String now = Instant.now().toString();
    try {
      client.v1().events().inNamespace(resource.getMetadata().getNamespace()).resource(new EventBuilder()
          .withNewMetadata()
            .withName(resource.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
            .withNamespace(resource.getMetadata().getNamespace())
          .endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(resource.getApiVersion()).withKind(resource.getKind())
              .withName(resource.getMetadata().getName()).withNamespace(resource.getMetadata().getNamespace())
              .withUid(resource.getMetadata().getUid()).withResourceVersion(resource.getMetadata().getResourceVersion())
              .build())
          .withType(type).withReason(reason).withMessage(message)
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .build()).create();
    } catch (RuntimeException e) {
      // An event is a courtesy to the user; failing to record one must not fail the reconciliation.
      LOG.warn("Could not record event {} on {}/{}: {}", reason, resource.getKind(), resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
