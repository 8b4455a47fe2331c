package io.kavsak.operator;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The operator's configuration, read from its environment (see kustomize/base/operator-deployment.yaml). */
public record OperatorSettings(String namespace, URI hubUrl, String hubToken, boolean leaderElection,
    String identity, int healthPort, Duration recallPollInterval) {

  public static final String LEASE_NAME = "kavsak-operator-leader";

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String token = Optional.ofNullable(env.get("KAVSAK_HUB_TOKEN")).filter(t -> !t.isBlank())
        .orElseThrow(() -> new IllegalStateException("KAVSAK_HUB_TOKEN is not set: the operator authenticates to "
            + "the hub with the token in Secret kavsak-operator-hub-token"));
    return new OperatorSettings(
        env.getOrDefault("KAVSAK_NAMESPACE", "kavsak"),
        URI.create(env.getOrDefault("KAVSAK_HUB_URL", "http://kavsak-hub:8080")),
        token,
        Boolean.parseBoolean(env.getOrDefault("KAVSAK_LEADER_ELECTION", "true")),
        env.getOrDefault("KAVSAK_POD_NAME", "kavsak-operator-" + ProcessHandle.current().pid()),
        Integer.parseInt(env.getOrDefault("KAVSAK_HEALTH_PORT", "8081")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("KAVSAK_RECALL_POLL_SECONDS", "15"))));
  }
}
