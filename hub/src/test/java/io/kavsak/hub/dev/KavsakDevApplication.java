package io.kavsak.hub.dev;

import io.kavsak.hub.KavsakHubApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;

/**
 * The embedded default: {@code ./mvnw -pl hub spring-boot:test-run} starts real PostgreSQL, Kafka,
 * Redis and SMTP servers on loopback (skipping any whose address the environment gives), then the
 * hub on top of them, and prints where everything listens, ready bearer tokens, and how a back end gets a
 * user's tokens from the token service. The hub signs its own tokens with an EC key kept under
 * target/kavsak-dev (public half at /.well-known/jwks.json).
 */
public final class KavsakDevApplication {

    static final String DEV_SECRET = "kavsak-embedded-default-secret-change-me-0123456789";
    static final String DEV_TENANT = "acme";

    private KavsakDevApplication() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of("target", "kavsak-dev").toAbsolutePath();
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        Map<String, String> environment = new HashMap<>(System.getenv());
        EmbeddedServices services = EmbeddedServices.start(root, EmbeddedServices.Ports.fixed(), false, environment);
        Runtime.getRuntime().addShutdownHook(new Thread(services::close, "embedded-services-stop"));
        services.properties().forEach(System::setProperty);

        String secret = environment.getOrDefault("KAVSAK_SECURITY_JWT_SECRET", DEV_SECRET);
        System.setProperty("kavsak.security.jwt.secret", secret);
        if (!environment.containsKey("KAVSAK_SECURITY_JWT_SIGNING_JWK")) {
            System.setProperty("kavsak.security.jwt.signing-jwk", devSigningKey(root).toString());
        }
        System.setProperty("kavsak.storage.root", root.resolve("storage").toString());
        System.setProperty("kavsak.models.root", root.resolve("models").toString());
        if (!environment.containsKey("KAVSAK_REPORTS_ENCRYPTION_KEY")) {
            System.setProperty("kavsak.reports.encryption-key", devReportsKey(root));
        }
        DevTokens tokens = new DevTokens(secret);
        String user = tokens.user("user-1", DEV_TENANT);
        String admin = tokens.admin("admin-1", DEV_TENANT);
        String operator = tokens.operator();
        String hubAdmin = tokens.hubAdmin();
        // a back end of the tenant (role service), e.g. for the sessions API
        String service = tokens.token("backend-1", DEV_TENANT, java.util.List.of("service"),
                java.time.Duration.ofHours(12));
        Files.writeString(root.resolve("tokens.env"), "export USER_TOKEN=" + user + "\nexport ADMIN_TOKEN=" + admin
                + "\nexport OPERATOR_TOKEN=" + operator + "\nexport HUB_ADMIN_TOKEN=" + hubAdmin
                + "\nexport SERVICE_TOKEN=" + service
                + "\nexport KAFKA_BOOTSTRAP_SERVERS=" + System.getProperty("camel.component.kafka.brokers",
                environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "")) + "\n");

        SpringApplication.run(KavsakHubApplication.class, args);

        StringBuilder banner = new StringBuilder("\n=== Kavsak hub on the embedded default ===\n");
        services.addresses().forEach((name, address) -> banner.append(String.format("  %-18s %s%n", name, address)));
        banner.append("  Hub                http://localhost:").append(System.getProperty("server.port", "8080"))
                .append("  (OpenAPI: /api/openapi.json)\n")
                .append("  Management         http://localhost:")
                .append(System.getProperty("management.server.port",
                        environment.getOrDefault("KAVSAK_MANAGEMENT_PORT", "8081")))
                .append("  (/actuator/health, /actuator/health/readiness, /actuator/prometheus;")
                .append(" route console: /actuator/hawtio with HUB_ADMIN_TOKEN, docs/console.md)\n")
                .append("  Tenant '").append(DEV_TENANT).append("': user 'user-1', admin 'admin-1'\n")
                .append("  USER_TOKEN=").append(user).append('\n')
                .append("  ADMIN_TOKEN=").append(admin).append('\n')
                .append("  OPERATOR_TOKEN=").append(operator).append('\n')
                .append("  HUB_ADMIN_TOKEN=").append(hubAdmin).append('\n')
                .append("  SERVICE_TOKEN=").append(service).append('\n')
                .append("  (also in ").append(root.resolve("tokens.env")).append(": source it in your shell)\n")
                .append("  A user's own tokens, from the token service (docs/sessions.md), once tenant '")
                .append(DEV_TENANT).append("' is registered (README walk-through):\n")
                .append("    curl -s -X POST http://localhost:").append(System.getProperty("server.port", "8080"))
                .append("/api/v1/auth/tokens -H \"Authorization: Bearer $SERVICE_TOKEN\" \\\n")
                .append("         -H 'Content-Type: application/json' -d '{\"user_id\": \"user-1\"}'")
                .append("   # access_token + refresh_token\n")
                .append("    curl -s -X POST http://localhost:").append(System.getProperty("server.port", "8080"))
                .append("/api/v1/auth/refresh -H 'Content-Type: application/json' \\\n")
                .append("         -d '{\"refresh_token\": \"<refresh_token>\"}'   # the next pair\n");
        System.out.println(banner);
    }

    /** The hub's signing key on the embedded default: an EC P-256 JWK made once, so issued tokens survive restarts. */
    private static Path devSigningKey(Path root) throws IOException {
        Path file = root.resolve("signing-jwk.json");
        if (!Files.exists(file)) {
            try {
                Files.writeString(file, new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                        .keyID("kavsak-dev-" + java.util.UUID.randomUUID().toString().substring(0, 8))
                        .generate().toJSONString());
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return file;
    }

    /**
     * The key that seals report datasource passwords on the embedded default: made once and kept beside the
     * embedded PostgreSQL's data, so passwords stored in an earlier run still open.
     */
    private static String devReportsKey(Path root) throws IOException {
        Path file = root.resolve("reports-encryption.key");
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
        }
        return Files.readString(file).trim();
    }
}
