package io.kavsak.hub.support;

import io.kavsak.hub.KavsakHubApplication;
import io.kavsak.hub.dev.DevTokens;
import io.kavsak.hub.dev.EmbeddedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the hub's integration tests: the real hub on real embedded PostgreSQL, Kafka, Redis and
 * SMTP, driven over HTTP and Kafka as its users drive it. One application context serves all tests.
 */
@CamelSpringBootTest
// Camel's MBeans as in production: the route console (ConsoleIT) reads them; camel-test turns them off otherwise
@org.apache.camel.test.spring.junit5.DisableJmx(false)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@SpringBootTest(classes = KavsakHubApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubIntegrationTest {

    public static final String SECRET = "kavsak-integration-test-secret-0123456789abcdef";
    /** Object storage (S3ProxyServer): a bucket shared by all tenants, and the prefix of a tenant's own bucket. */
    public static final String S3_SHARED_BUCKET = "kavsak-exports";
    public static final String S3_TENANT_BUCKET_PREFIX = "kavsak-t-";
    protected static final DevTokens TOKENS = new DevTokens(SECRET);
    /** The hub's own signing key in the tests: EC P-256, so its public half is served as a JWKS (TokenServiceIT). */
    public static final com.nimbusds.jose.jwk.ECKey HUB_KEY = hubKey();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    /** Actuator endpoints (health, metrics) listen on their own port, as in production. */
    @LocalManagementPort
    protected int managementPort;

    /** A second SMTP server: the notification pipeline's backup provider (the shared one is the primary). */
    private static com.icegreen.greenmail.util.GreenMail backupMail;

    protected static synchronized com.icegreen.greenmail.util.GreenMail backupMail() {
        if (backupMail == null) {
            int port;
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            backupMail = new com.icegreen.greenmail.util.GreenMail(new com.icegreen.greenmail.util.ServerSetup(
                    port, "127.0.0.1", com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTP));
            backupMail.start();
            Runtime.getRuntime().addShutdownHook(new Thread(backupMail::stop, "backup-smtp-stop"));
        }
        return backupMail;
    }

    @DynamicPropertySource
    static void embeddedServices(DynamicPropertyRegistry registry) {
        EmbeddedServices.shared().properties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("kavsak.security.jwt.secret", () -> SECRET);
        registry.add("kavsak.security.jwt.signing-jwk", HUB_KEY::toJSONString);
        // short enough for TokenServiceIT to replay a token after it, long enough for 50 racing refreshes
        registry.add("kavsak.sessions.tokens.grace-period", () -> "5s");
        registry.add("management.server.port", () -> "0");
        // a test JVM may hold several hubs (test classes with their own properties): their Spring MBeans must not clash
        registry.add("spring.jmx.unique-names", () -> "true");
        // small limits, so the tests can reach them (HubLimitsIT)
        registry.add("kavsak.parser.sync-max-concurrent", () -> "2");
        registry.add("kavsak.http.sse.max-per-tenant", () -> "2");
        registry.add("kavsak.http.sse.max-per-hub", () -> "3");
        registry.add("kavsak.http.sse.heartbeat", () -> "1s");
        registry.add("kavsak.health.dependency-check-interval", () -> "1s");
        registry.add("kavsak.storage.root", () -> java.nio.file.Path.of("target", "embedded-it", "storage")
                .toAbsolutePath().toString());
        registry.add("kavsak.models.root", () -> java.nio.file.Path.of("target", "embedded-it", "models")
                .toAbsolutePath().toString());
        registry.add("kavsak.models.cleanup-tick-cron", () -> "0/5 * * * * ?");
        // a fallback-rate window the tests can fill (AnomalyDetectionIT)
        registry.add("kavsak.anomaly.fallback-window", () -> "20");
        registry.add("kavsak.events.redelivery.initial-delay-ms", () -> "50");
        registry.add("kavsak.events.redelivery.maximum-redeliveries", () -> "2");
        // s3:// attachments from a real S3-compatible server in a child JVM (NotificationS3AttachmentsIT)
        registry.add("kavsak.storage.s3.enabled", () -> "true");
        registry.add("kavsak.storage.s3.endpoint", () -> S3ProxyServer.shared().endpoint().toString());
        registry.add("kavsak.storage.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
        registry.add("kavsak.storage.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
        registry.add("kavsak.storage.s3.path-style", () -> "true");
        registry.add("kavsak.storage.s3.shared-buckets", () -> S3_SHARED_BUCKET);
        registry.add("kavsak.storage.s3.tenant-bucket-prefix", () -> S3_TENANT_BUCKET_PREFIX);
        registry.add("kavsak.storage.s3.timeout", () -> "3s");
        registry.add("kavsak.notification.backup.host", () -> "127.0.0.1");
        registry.add("kavsak.notification.backup.port", () -> String.valueOf(backupMail().getSmtp().getPort()));
        registry.add("kavsak.notification.poll-interval-ms", () -> "200");
        registry.add("kavsak.notification.smtp-timeout-ms", () -> "3000");
        registry.add("kavsak.notification.retry.initial-delay-ms", () -> "200");
        registry.add("kavsak.notification.retry.maximum-delay-ms", () -> "1000");
        registry.add("kavsak.notification.retry.maximum-redeliveries", () -> "3");
        // reminders: the shortest offset (1 minute), a fast poll and short backoffs (AppointmentRemindersIT)
        registry.add("kavsak.reminders.offset-minutes", () -> "1");
        registry.add("kavsak.reminders.poll-interval-ms", () -> "200");
        registry.add("kavsak.reminders.max-retries", () -> "2");
        registry.add("kavsak.reminders.retry-initial-delay", () -> "300ms");
        registry.add("kavsak.reminders.retry-maximum-delay", () -> "2s");
        // report queries: a test-only key and small limits the tests can reach (TenantDatasourceIT, ReportExportIT)
        registry.add("kavsak.reports.encryption-key", () -> "a2F2c2FrLWl0LXJlcG9ydHMta2V5LTMyLWJ5dGVzISE=");
        registry.add("kavsak.reports.statement-timeout", () -> "1s");
        registry.add("kavsak.reports.max-rows", () -> "50");
        registry.add("kavsak.reports.pdf-max-rows", () -> "20");
        registry.add("kavsak.reports.preview-rows", () -> "5");
        // scheduled reports: quick retries and a short misfire threshold the tests can wait out (ReportScheduleIT)
        registry.add("kavsak.reports.schedules.retry-initial-delay", () -> "300ms");
        registry.add("kavsak.reports.schedules.retry-maximum-delay", () -> "1s");
        registry.add("kavsak.reports.schedules.min-interval", () -> "2s");
        registry.add("spring.quartz.properties.org.quartz.jobStore.misfireThreshold", () -> "2000");
        registry.add("kavsak.parser.llm.base-url", () -> OpenAiStub.shared().baseUrl());
        registry.add("kavsak.parser.llm.timeout", () -> "3s");
        registry.add("kavsak.parser.llm.initial-backoff", () -> "100ms");
        // tests fail the LLM on purpose; the breaker they open must not outlive the test by 30 s
        registry.add("kavsak.parser.llm.breaker.open-seconds", () -> "2");
    }

    private static com.nimbusds.jose.jwk.ECKey hubKey() {
        try {
            return new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
                    .keyID("kavsak-it-hub-key").generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static EmbeddedServices services() {
        return EmbeddedServices.shared();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper RESPONSES =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The JSON body of a response; a body that is not JSON fails the test and shows the body. */
    protected static com.fasterxml.jackson.databind.JsonNode jsonOf(HttpResponse<String> response) {
        try {
            return RESPONSES.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Registers (or keeps) an active tenant, as the operator does; only registered tenants take in data. */
    protected void registerTenant(String tenantId) {
        HttpResponse<String> response = call("PUT", "/api/v1/tenants/" + tenantId, TOKENS.operator(),
                "{\"display_name\": \"" + tenantId + "\"}");
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new AssertionError("tenant " + tenantId + " not registered: " + response.body());
        }
    }

    /** A multipart/form-data POST with text fields and, when {@code file} is given, a part named {@code file}. */
    protected HttpResponse<String> multipart(String path, String token, java.util.Map<String, String> fields,
                                             String fileName, byte[] file) {
        String boundary = "kavsak" + java.util.UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        java.nio.charset.Charset utf8 = java.nio.charset.StandardCharsets.UTF_8;
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(utf8)));
        if (file != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(utf8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(utf8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(utf8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("POST " + path + " failed", e);
        }
    }

    protected HttpResponse<String> call(String method, String path, String token, String jsonBody) {
        return call(port, method, path, token, jsonBody);
    }

    /** A call to the management port: {@code /actuator/...}. */
    protected HttpResponse<String> management(String path, String token) {
        return call(managementPort, "GET", path, token, null);
    }

    protected HttpResponse<String> call(int port, String method, String path, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }
}
