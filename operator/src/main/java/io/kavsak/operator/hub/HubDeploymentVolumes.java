package io.kavsak.operator.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Adds and removes the operator's own volume entries in the hub Deployment with JSON patches guarded by
 * {@code test} operations, under field manager kavsak-operator; every other field stays kustomize's/GitOps'.
 */
public class HubDeploymentVolumes {

  public static final String FIELD_MANAGER = "kavsak-operator";
  public static final String DEPLOYMENT = "kavsak-hub";
  public static final String CONTAINER = "hub";

  private final KubernetesClient client;
  private final ObjectMapper json = new ObjectMapper();

  public HubDeploymentVolumes(KubernetesClient client) {
    this.client = client;
  }

  /** Makes sure the hub mounts {@code claimName} as volume {@code volumeName} at {@code mountPath}; true if it patched. */
  public boolean mount(String namespace, String volumeName, String claimName, String mountPath) {
    Deployment hub = hubDeployment(namespace);
    PodSpec pod = hub.getSpec().getTemplate().getSpec();
    int container = containerIndex(pod);
    List<Map<String, Object>> ops = new ArrayList<>();
    boolean hasVolume = pod.getVolumes().stream().anyMatch(v -> v.getName().equals(volumeName));
    boolean hasMount = pod.getContainers().get(container).getVolumeMounts().stream()
        .anyMatch(m -> m.getName().equals(volumeName));
    if (!hasVolume) {
      if (pod.getVolumes().isEmpty()) {
        ops.add(Map.of("op", "add", "path", "/spec/template/spec/volumes", "value", List.of()));
      }
      ops.add(Map.of("op", "add", "path", "/spec/template/spec/volumes/-", "value", Map.of(
          "name", volumeName, "persistentVolumeClaim", Map.of("claimName", claimName))));
    }
    if (!hasMount) {
      String mounts = "/spec/template/spec/containers/" + container + "/volumeMounts";
      ops.add(Map.of("op", "test", "path", "/spec/template/spec/containers/" + container + "/name", "value", CONTAINER));
      if (pod.getContainers().get(container).getVolumeMounts().isEmpty()) {
        ops.add(Map.of("op", "add", "path", mounts, "value", List.of()));
      }
      ops.add(Map.of("op", "add", "path", mounts + "/-", "value", Map.of("name", volumeName, "mountPath", mountPath)));
    }
    return patch(namespace, ops);
  }

  /** Removes exactly the volume and mount named {@code volumeName}; true if it patched. */
  public boolean unmount(String namespace, String volumeName) {
    Deployment hub = client.apps().deployments().inNamespace(namespace).withName(DEPLOYMENT).get();
    if (hub == null) {
      return false;
    }
    PodSpec pod = hub.getSpec().getTemplate().getSpec();
    List<Map<String, Object>> ops = new ArrayList<>();
    int container = containerIndex(pod);
    List<VolumeMount> mounts = pod.getContainers().get(container).getVolumeMounts();
    for (int i = mounts.size() - 1; i >= 0; i--) {
      if (mounts.get(i).getName().equals(volumeName)) {
        String path = "/spec/template/spec/containers/" + container + "/volumeMounts/" + i;
        ops.add(Map.of("op", "test", "path", path + "/name", "value", volumeName));
        ops.add(Map.of("op", "remove", "path", path));
      }
    }
    List<Volume> volumes = pod.getVolumes();
    for (int i = volumes.size() - 1; i >= 0; i--) {
      if (volumes.get(i).getName().equals(volumeName)) {
        String path = "/spec/template/spec/volumes/" + i;
        ops.add(Map.of("op", "test", "path", path + "/name", "value", volumeName));
        ops.add(Map.of("op", "remove", "path", path));
      }
    }
    return patch(namespace, ops);
  }

  /** Whether the hub Deployment currently mounts {@code volumeName}. */
  public boolean isMounted(String namespace, String volumeName) {
    Deployment hub = client.apps().deployments().inNamespace(namespace).withName(DEPLOYMENT).get();
    if (hub == null) {
      return false;
    }
    PodSpec pod = hub.getSpec().getTemplate().getSpec();
    return pod.getVolumes().stream().anyMatch(v -> v.getName().equals(volumeName))
        && pod.getContainers().get(containerIndex(pod)).getVolumeMounts().stream()
            .anyMatch(m -> m.getName().equals(volumeName));
  }

  private Deployment hubDeployment(String namespace) {
    Deployment hub = client.apps().deployments().inNamespace(namespace).withName(DEPLOYMENT).get();
    if (hub == null) {
      throw new MountFailedException("Deployment " + namespace + "/" + DEPLOYMENT + " not found");
    }
    return hub;
  }

  private static int containerIndex(PodSpec pod) {
    List<Container> containers = pod.getContainers();
    for (int i = 0; i < containers.size(); i++) {
      if (CONTAINER.equals(containers.get(i).getName())) {
        return i;
      }
    }
    throw new MountFailedException("Deployment " + DEPLOYMENT + " has no container named " + CONTAINER);
  }

  private boolean patch(String namespace, List<Map<String, Object>> ops) {
    if (ops.stream().noneMatch(op -> !"test".equals(op.get("op")))) {
      return false;
    }
    try {
      client.apps().deployments().inNamespace(namespace).withName(DEPLOYMENT)
          .patch(new PatchContext.Builder().withPatchType(PatchType.JSON).withFieldManager(FIELD_MANAGER).build(),
              json.writeValueAsString(ops));
      return true;
    } catch (KubernetesClientException e) {
      throw new MountFailedException("Deployment " + namespace + "/" + DEPLOYMENT + " could not be patched: "
          + e.getMessage(), e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
