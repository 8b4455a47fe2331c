package io.kavsak.operator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Stands in for the hub's tenant, datasource, recall and model-volume API inside the operator's tests, speaking its wire format (snake_case
 * JSON, problem+json errors) from memory, and verifying bearer tokens as the hub configured with {@link #SECRET},
 * {@link #ISSUER} and {@link #AUDIENCE} does: HS256 signature, exp required, iss, aud and role operator.
 * It serves HTTPS when given a server TLS context, and can be taken down and brought back on the same port.
 */
final class FakeHub implements AutoCloseable {

  static final String SECRET = "fake-hub-hmac-secret-0123456789abcdef";
  static final String ISSUER = "kavsak";
  static final String AUDIENCE = "kavsak-hub";
  private static final Pattern TENANT = Pattern.compile("^/api/v1/tenants/([^/]+)$");
  private static final Pattern RECALLS = Pattern.compile("^/api/v1/tenants/([^/]+)/recalls$");
  private static final Pattern RECALL = Pattern.compile("^/api/v1/tenants/([^/]+)/recalls/([^/]+)$");
  private static final Pattern DATASOURCES = Pattern.compile("^/api/v1/tenants/([^/]+)/datasources$");
  private static final Pattern DATASOURCE = Pattern.compile("^/api/v1/tenants/([^/]+)/datasources/([^/]+)$");
  private static final Pattern MODEL_VOLUME = Pattern.compile("^/api/v1/models/([^/]+)/volume$");

  final Map<String, Map<String, Object>> tenants = new ConcurrentHashMap<>();
  final Map<String, Map<String, Object>> recalls = new ConcurrentHashMap<>();
  final AtomicInteger recallSubmissions = new AtomicInteger();
  final AtomicInteger unauthorized = new AtomicInteger();
  /** PUTs received per tenant id. */
  final Map<String, AtomicInteger> tenantPuts = new ConcurrentHashMap<>();
  /** Tenant ids whose PUT is refused with 400, and the problem detail it carries. */
  final Map<String, String> refusedTenants = new ConcurrentHashMap<>();
  /** The last volume hand-over (PUT body) per model name. */
  final Map<String, Map<String, Object>> modelVolumes = new ConcurrentHashMap<>();
  /** What GET /api/v1/models/{model}/volume answers per model name; an empty volume when absent. */
  final Map<String, Map<String, Object>> modelReports = new ConcurrentHashMap<>();
  /** Datasources per tenant id and datasource id, as received (with the password, which the hub would encrypt). */
  final Map<String, Map<String, Map<String, Object>>> datasources = new ConcurrentHashMap<>();
  /** PUTs received per "tenantId/datasourceId". */
  final Map<String, AtomicInteger> datasourcePuts = new ConcurrentHashMap<>();
  private final ObjectMapper json = new ObjectMapper();
  private final Optional<SSLContext> tls;
  private final int port;
  private volatile HttpServer server;

  FakeHub() throws IOException {
    this(Optional.empty());
  }

  /** @param tls the server side of TLS: serves HTTPS with it */
  FakeHub(Optional<SSLContext> tls) throws IOException {
    this.tls = tls;
    server = start(0);
    port = server.getAddress().getPort();
  }

  URI uri() {
    return URI.create((tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + port);
  }

  void stop() {
    server.stop(0);
  }

  void restart() throws IOException {
    server = start(port);
  }

  /** Moves a recall along as the hub's pipeline would. */
  void setRecallState(String id, String state, boolean slaBreached) {
    Map<String, Object> recall = recalls.get(id);
    recall.put("state", state);
    recall.put("sla_breached", slaBreached);
    if ("COMPLETED".equals(state)) {
      recall.put("completed_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private HttpServer start(int onPort) throws IOException {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", onPort);
    HttpServer http;
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
      http = https;
    } else {
      http = HttpServer.create(address, 0);
    }
    http.createContext("/api/v1/tenants", this::handle);
    http.createContext("/api/v1/models", this::handle);
    http.start();
    return http;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Optional<String> refusal = refusal(exchange.getRequestHeaders().getFirst("Authorization"));
      if (refusal.isPresent()) {
        unauthorized.incrementAndGet();
        problem(exchange, 401, refusal.get());
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Matcher m;
      if ((m = TENANT.matcher(path)).matches()) {
        tenant(exchange, method, m.group(1));
      } else if ((m = DATASOURCES.matcher(path)).matches() && "GET".equals(method)) {
        send(exchange, 200, datasources.getOrDefault(m.group(1), Map.of()).values().stream().map(FakeHub::view)
            .toList());
      } else if ((m = DATASOURCE.matcher(path)).matches()) {
        datasource(exchange, method, m.group(1), m.group(2));
      } else if ((m = MODEL_VOLUME.matcher(path)).matches()) {
        modelVolume(exchange, method, m.group(1));
      } else if ((m = RECALLS.matcher(path)).matches() && "POST".equals(method)) {
        submitRecall(exchange, m.group(1));
      } else if ((m = RECALL.matcher(path)).matches() && "GET".equals(method)) {
        Map<String, Object> recall = recalls.get(m.group(2));
        if (recall == null || !recall.get("tenant_id").equals(m.group(1))) {
          problem(exchange, 404, "no such recall");
        } else {
          send(exchange, 200, recall);
        }
      } else {
        problem(exchange, 404, "no route");
      }
    }
  }

  /** Why the hub would refuse this Authorization header, or empty when it accepts it. */
  private static Optional<String> refusal(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return Optional.of("A valid bearer token is required");
    }
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
      if (!jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))) {
        return Optional.of("bad signature");
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (claims.getExpirationTime() == null || !claims.getExpirationTime().after(new Date())) {
        return Optional.of("no exp, or expired");
      }
      if (!ISSUER.equals(claims.getIssuer()) || claims.getAudience() == null
          || !claims.getAudience().contains(AUDIENCE)) {
        return Optional.of("wrong iss or aud");
      }
      List<String> roles = claims.getStringListClaim("roles");
      return roles != null && roles.contains("operator") ? Optional.empty() : Optional.of("not an operator");
    } catch (ParseException | JOSEException e) {
      return Optional.of("unreadable token: " + e.getMessage());
    }
  }

  private void modelVolume(HttpExchange exchange, String method, String model) throws IOException {
    if ("PUT".equals(method)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> body = json.readValue(exchange.getRequestBody(), Map.class);
      modelVolumes.put(model, body);
      send(exchange, 200, body);
    } else {
      send(exchange, 200, modelReports.getOrDefault(model, Map.of("model_name", model, "active_versions", List.of(),
          "version_count", 0, "used_bytes", 0, "capacity_bytes", 0, "usage_percent", 0.0, "nearly_full", false)));
    }
  }

  /** The hub's datasource API: PUT needs an active tenant and a PostgreSQL URL (400 otherwise), DELETE 204 or 404. */
  private void datasource(HttpExchange exchange, String method, String tenantId, String id) throws IOException {
    Map<String, Map<String, Object>> held = datasources.computeIfAbsent(tenantId, k -> new ConcurrentHashMap<>());
    switch (method) {
      case "PUT" -> {
        datasourcePuts.computeIfAbsent(tenantId + "/" + id, k -> new AtomicInteger()).incrementAndGet();
        Map<String, Object> tenant = tenants.get(tenantId);
        if (tenant == null || !Boolean.TRUE.equals(tenant.get("active"))) {
          problem(exchange, 403, "Tenant " + tenantId + " is not registered or not active");
          return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = json.readValue(exchange.getRequestBody(), Map.class);
        if (!String.valueOf(body.get("jdbc_url")).startsWith("jdbc:postgresql://")) {
          problem(exchange, 400, "Only PostgreSQL JDBC URLs (jdbc:postgresql://host:port/db) are supported");
          return;
        }
        if (body.get("username") == null || body.get("password") == null) {
          problem(exchange, 400, "username and password are required");
          return;
        }
        Map<String, Object> next = new LinkedHashMap<>(body);
        next.put("id", id);
        boolean created = held.put(id, next) == null;
        send(exchange, created ? 201 : 200, view(next));
      }
      case "GET" -> {
        Map<String, Object> datasource = held.get(id);
        if (datasource == null) {
          problem(exchange, 404, "The datasource " + id + " was not found");
        } else {
          send(exchange, 200, view(datasource));
        }
      }
      case "DELETE" -> {
        if (held.remove(id) == null) {
          problem(exchange, 404, "The datasource " + id + " was not found");
        } else {
          exchange.sendResponseHeaders(204, -1);
        }
      }
      default -> problem(exchange, 405, "method not allowed");
    }
  }

  /** What the hub answers for a datasource: never its password. */
  private static Map<String, Object> view(Map<String, Object> datasource) {
    Map<String, Object> view = new LinkedHashMap<>(datasource);
    view.remove("password");
    return view;
  }

  private void tenant(HttpExchange exchange, String method, String id) throws IOException {
    Map<String, Object> tenant = tenants.get(id);
    switch (method) {
      case "PUT" -> {
        tenantPuts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        String refused = refusedTenants.get(id);
        if (refused != null) {
          problem(exchange, 400, refused);
          return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = json.readValue(exchange.getRequestBody(), Map.class);
        boolean created = tenant == null;
        Map<String, Object> next = new LinkedHashMap<>(created ? Map.of("created_at", now()) : tenant);
        next.put("tenant_id", id);
        next.put("display_name", body.get("display_name"));
        next.put("privacy_contact", body.get("privacy_contact"));
        next.put("storage_path", body.get("storage_path"));
        next.put("active", true);
        next.put("updated_at", now());
        tenants.put(id, next);
        send(exchange, created ? 201 : 200, next);
      }
      case "GET" -> {
        if (tenant == null) {
          problem(exchange, 404, "unknown tenant");
        } else {
          send(exchange, 200, tenant);
        }
      }
      case "DELETE" -> {
        if (tenant == null) {
          problem(exchange, 404, "unknown tenant");
        } else {
          tenant.put("active", false);
          exchange.sendResponseHeaders(204, -1);
        }
      }
      default -> problem(exchange, 405, "method not allowed");
    }
  }

  private void submitRecall(HttpExchange exchange, String tenantId) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> body = json.readValue(exchange.getRequestBody(), Map.class);
    recallSubmissions.incrementAndGet();
    Object ref = body.get("external_ref");
    for (Map<String, Object> existing : recalls.values()) {
      if (ref != null && ref.equals(existing.get("external_ref"))) {
        send(exchange, 200, existing);
        return;
      }
    }
    Map<String, Object> recall = new ConcurrentHashMap<>();
    String id = UUID.randomUUID().toString();
    Instant requested = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    recall.put("id", id);
    recall.put("tenant_id", tenantId);
    recall.put("user_id", body.get("user_id"));
    recall.put("mode", body.get("mode"));
    if (ref != null) {
      recall.put("external_ref", ref);
    }
    recall.put("state", "REQUESTED");
    recall.put("requested_at", requested.toString());
    recall.put("deadline", requested.plus(48, ChronoUnit.HOURS).toString());
    recall.put("sla_breached", false);
    recalls.put(id, recall);
    send(exchange, 201, recall);
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void problem(HttpExchange exchange, int status, String detail) throws IOException {
    byte[] bytes = json.writeValueAsBytes(Map.of("type", "about:blank", "status", status, "detail", detail));
    exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
