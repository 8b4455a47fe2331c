package io.kavsak.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kavsak.hub.KavsakHubApplication;
import io.kavsak.hub.dev.DevTokens;
import io.kavsak.hub.dev.EmbeddedServices;
import io.kavsak.operator.KavsakOperator;
import io.kavsak.operator.OperatorSettings;
import io.kavsak.operator.hub.OperatorTokenSigner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole of Kavsak in one JVM: the real hub on its embedded PostgreSQL, Kafka, Redis and SMTP, and
 * the real operator reconciling against the fabric8 mock API server (CRUD mode, no server-side apply),
 * with the CRDs from {@code crds/} and the hub Deployment from {@code kustomize/base}.
 */
final class KavsakOnKubernetes implements AutoCloseable {

    static final String NAMESPACE = "kavsak";
    static final String SECRET = "kavsak-end-to-end-secret-0123456789abcdef";
    static final DevTokens TOKENS = new DevTokens(SECRET);

    final KubernetesClient client;
    final ConfigurableApplicationContext hub;
    final URI hubUrl;
    private final KavsakOperator operator;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    KavsakOnKubernetes(KubernetesClient client) throws IOException {
        this.client = client;
        Map<String, Object> properties = new HashMap<>(EmbeddedServices.shared().properties());
        properties.put("server.port", "0");
        properties.put("management.server.port", "0");
        properties.put("kavsak.security.jwt.secret", SECRET);
        properties.put("kavsak.storage.root", Path.of("target", "e2e-storage").toAbsolutePath().toString());
        String[] arguments = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        hub = new SpringApplicationBuilder(KavsakHubApplication.class).run(arguments);
        hubUrl = URI.create("http://localhost:" + hub.getEnvironment().getProperty("local.server.port"));

        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata()
                .build()).createOr(r -> r.update());
        installCrds();
        try (InputStream deployment = Files.newInputStream(repository().resolve("kustomize/base/hub-deployment.yaml"))) {
            Deployment hubDeployment = client.apps().deployments().load(deployment).item();
            hubDeployment.getMetadata().setNamespace(NAMESPACE);
            client.resource(hubDeployment).createOr(r -> r.update());
        }
        // The operator signs its own short-lived tokens with the hub's secret, as in the cluster.
        OperatorSettings settings = new OperatorSettings(NAMESPACE, hubUrl,
                new OperatorTokenSigner(SECRET, Optional.empty(), Optional.empty(), Clock.systemUTC()),
                Optional.empty(), false, "e2e", 0, Duration.ofMillis(500), Duration.ofMillis(500));
        operator = new KavsakOperator(client, settings, o -> o
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withCloseClientOnStop(false)).start();
    }

    static Path repository() {
        return Path.of(System.getProperty("kavsak.repository.root", "..")).toAbsolutePath().normalize();
    }

    /** {@code kubectl apply -f kustomize/examples/<file>}. */
    List<HasMetadata> apply(String example) throws IOException {
        try (InputStream in = Files.newInputStream(repository().resolve("kustomize/examples").resolve(example))) {
            List<HasMetadata> resources = client.load(in).items();
            resources.forEach(r -> client.resource(r).inNamespace(NAMESPACE).createOr(c -> c.update()));
            return resources;
        }
    }

    /** What a storage provisioner does in a real cluster: bind every pending claim. */
    void bindClaims() {
        for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inNamespace(NAMESPACE).list().getItems()) {
            if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())) {
                claim.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
                client.resource(claim).updateStatus();
            }
        }
    }

    HttpResponse<String> call(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hubUrl.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody))
                .header("Authorization", "Bearer " + token);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private void installCrds() throws IOException {
        try (Stream<Path> files = Files.list(repository().resolve("crds"))) {
            for (Path crd : files.filter(p -> p.toString().endsWith("-v1.yml")).toList()) {
                try (InputStream in = Files.newInputStream(crd)) {
                    CustomResourceDefinition definition =
                            client.apiextensions().v1().customResourceDefinitions().load(in).item();
                    client.apiextensions().v1().customResourceDefinitions().resource(definition)
                            .createOr(r -> r.update());
                }
            }
        }
    }

    @Override
    public void close() {
        operator.close();
        hub.close();
    }
}
