package io.kavsak.operator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.kavsak.operator.hub.OperatorTokenSigner;

/**
 * The operator's configuration, read from its environment (see kustomize/base/operator-deployment.yaml).
 *
 * @param hubToken the bearer token of each call to the hub: minted by the operator itself, or a fixed one
 * @param hubCaFile the PEM file of the CA that signed the hub's certificate; empty: the JVM's default trust store
 * @param recallPollInterval how often an open recall is polled
 * @param failedRecallPollInterval how often a FAILED recall is polled (an admin's retry may still complete it)
 * @param defaultRecallTtl how long a COMPLETED RecallRequest without spec.ttlSecondsAfterFinished stays; empty: kept
 */
public record OperatorSettings(String namespace, URI hubUrl, Supplier<String> hubToken, Optional<Path> hubCaFile,
    boolean leaderElection, String identity, int healthPort, Duration recallPollInterval,
    Duration failedRecallPollInterval, Optional<Duration> defaultRecallTtl) {

  public static final String LEASE_NAME = "kavsak-operator-leader";

  /** Settings without a default TTL for RecallRequests: completed ones stay unless their spec sets a TTL. */
  public OperatorSettings(String namespace, URI hubUrl, Supplier<String> hubToken, Optional<Path> hubCaFile,
      boolean leaderElection, String identity, int healthPort, Duration recallPollInterval,
      Duration failedRecallPollInterval) {
    this(namespace, hubUrl, hubToken, hubCaFile, leaderElection, identity, healthPort, recallPollInterval,
        failedRecallPollInterval, Optional.empty());
  }

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    URI hubUrl = URI.create(env.getOrDefault("KAVSAK_HUB_URL", "http://kavsak-hub:8080"));
    Optional<Path> caFile = value(env, "KAVSAK_HUB_CA_FILE").map(Path::of);
    if (caFile.isPresent() && !"https".equals(hubUrl.getScheme())) {
      throw new IllegalStateException("KAVSAK_HUB_CA_FILE is set but KAVSAK_HUB_URL (" + hubUrl + ") is not https");
    }
    return new OperatorSettings(
        env.getOrDefault("KAVSAK_NAMESPACE", "kavsak"),
        hubUrl,
        hubToken(env),
        caFile,
        Boolean.parseBoolean(env.getOrDefault("KAVSAK_LEADER_ELECTION", "true")),
        env.getOrDefault("KAVSAK_POD_NAME", "kavsak-operator-" + ProcessHandle.current().pid()),
        Integer.parseInt(env.getOrDefault("KAVSAK_HEALTH_PORT", "8081")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("KAVSAK_RECALL_POLL_SECONDS", "15"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("KAVSAK_RECALL_FAILED_POLL_SECONDS", "600"))),
        defaultRecallTtl(env));
  }

  /** Which credential the operator uses, for its start-up log line. */
  public String hubCredential() {
    return hubToken instanceof OperatorTokenSigner ? "tokens signed with KAVSAK_SECURITY_JWT_SECRET"
        : "the bearer token from KAVSAK_HUB_TOKEN";
  }

  /**
   * A token given in KAVSAK_HUB_TOKEN (issued by the identity provider when the hub verifies with JWKS) wins;
   * otherwise the operator signs its own short-lived tokens with the hub's HMAC secret.
   */
  private static Supplier<String> hubToken(Map<String, String> env) {
    Optional<String> fixed = value(env, "KAVSAK_HUB_TOKEN");
    if (fixed.isPresent()) {
      String token = fixed.get();
      return () -> token;
    }
    return value(env, "KAVSAK_SECURITY_JWT_SECRET")
        .<Supplier<String>>map(secret -> new OperatorTokenSigner(secret, value(env, "KAVSAK_SECURITY_JWT_ISSUER"),
            value(env, "KAVSAK_SECURITY_JWT_AUDIENCE"), Clock.systemUTC()))
        .orElseThrow(() -> new IllegalStateException("Neither KAVSAK_SECURITY_JWT_SECRET (the hub's HMAC secret, "
            + "from Secret kavsak-jwt) nor KAVSAK_HUB_TOKEN is set: the operator has no credential for the hub"));
  }

  private static Optional<Duration> defaultRecallTtl(Map<String, String> env) {
    Optional<Long> seconds = value(env, "KAVSAK_RECALL_DEFAULT_TTL_SECONDS").map(Long::parseLong);
    if (seconds.isPresent() && seconds.get() < 0) {
      throw new IllegalStateException("KAVSAK_RECALL_DEFAULT_TTL_SECONDS must be 0 or more, not " + seconds.get());
    }
    return seconds.map(Duration::ofSeconds);
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }
}
