package io.kavsak.operator.hub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The operator's side of the hub's REST API (tenants, their datasources, recalls and model volumes), authenticated with the operator's
 * bearer token, over TLS trusting the hub's CA when one is given.
 */
public class HubClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI baseUri;
  private final Supplier<String> token;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * @param token the bearer token for each call (a fixed one, or an {@link OperatorTokenSigner})
   * @param tls the context trusting the hub's CA ({@link HubTrust}); empty: the JVM's default trust store
   */
  public HubClient(URI baseUri, Supplier<String> token, Optional<SSLContext> tls) {
    this.baseUri = URI.create(baseUri.toString().replaceAll("/+$", "") + "/");
    this.token = token;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    tls.ifPresent(builder::sslContext);
    this.http = builder.build();
  }

  public HubTenant putTenant(String tenantId, String displayName, String privacyContact, String storagePath) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("display_name", displayName);
    body.put("privacy_contact", privacyContact);
    body.put("storage_path", storagePath);
    return read(send("PUT", tenantPath(tenantId), body), HubTenant.class);
  }

  public Optional<HubTenant> getTenant(String tenantId) {
    HttpResponse<String> response = send("GET", tenantPath(tenantId), null);
    return response.statusCode() == 404 ? Optional.empty() : Optional.of(read(response, HubTenant.class));
  }

  /** Deactivates the tenant; its data stays. Returns false when the hub does not know the tenant. */
  public boolean deactivateTenant(String tenantId) {
    HttpResponse<String> response = send("DELETE", tenantPath(tenantId), null);
    if (response.statusCode() == 404) {
      return false;
    }
    expectSuccess(response);
    return true;
  }

  /** Registers or replaces a datasource of the tenant ({@code PUT .../datasources/{id}}). */
  public HubDatasource putDatasource(String tenantId, String id, String jdbcUrl, String username, String password,
      String schema) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("jdbc_url", jdbcUrl);
    body.put("username", username);
    body.put("password", password);
    body.put("schema", schema);
    return read(send("PUT", datasourcePath(tenantId, id), body), HubDatasource.class);
  }

  public List<HubDatasource> listDatasources(String tenantId) {
    return List.of(read(send("GET", tenantPath(tenantId) + "/datasources", null), HubDatasource[].class));
  }

  /** Removes a datasource of the tenant; false when the hub does not hold it. */
  public boolean deleteDatasource(String tenantId, String id) {
    HttpResponse<String> response = send("DELETE", datasourcePath(tenantId, id), null);
    if (response.statusCode() == 404) {
      return false;
    }
    expectSuccess(response);
    return true;
  }

  public HubRecall submitRecall(String tenantId, String userId, String mode, String externalRef) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user_id", userId);
    body.put("mode", mode);
    body.put("external_ref", externalRef);
    return read(send("POST", tenantPath(tenantId) + "/recalls", body), HubRecall.class);
  }

  public Optional<HubRecall> getRecall(String tenantId, String recallId) {
    HttpResponse<String> response = send("GET", tenantPath(tenantId) + "/recalls/" + encode(recallId), null);
    return response.statusCode() == 404 ? Optional.empty() : Optional.of(read(response, HubRecall.class));
  }

  /**
   * Hands an MLModel's volume and spec.retention to the hub's model manager
   * ({@code PUT /api/v1/models/{model}/volume}).
   *
   * @param retention keep_versions, delete_inactive_after_days, emergency_cleanup_disk_percent, cleanup_schedule
   */
  public void putModelVolume(String modelName, String mountPath, Long capacityBytes, Map<String, Object> retention) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("mount_path", mountPath);
    body.put("capacity_bytes", capacityBytes);
    body.putAll(retention);
    expectSuccess(send("PUT", "api/v1/models/" + encode(modelName) + "/volume", body));
  }

  /** The hub's report of a model volume: active versions, versions, usage and the last cleanup. */
  public HubModelVolume getModelVolume(String modelName) {
    return read(send("GET", "api/v1/models/" + encode(modelName) + "/volume", null), HubModelVolume.class);
  }

  private static String datasourcePath(String tenantId, String id) {
    return tenantPath(tenantId) + "/datasources/" + encode(id);
  }

  private static String tenantPath(String tenantId) {
    return "api/v1/tenants/" + encode(tenantId);
  }

  private static String encode(String segment) {
    return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpResponse<String> send(String method, String path, Object body) {
    URI uri = baseUri.resolve(path);
    try {
      HttpRequest.BodyPublisher publisher = body == null
          ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
      HttpRequest request = HttpRequest.newBuilder(uri)
          .timeout(TIMEOUT)
          .header("Authorization", "Bearer " + token.get())
          .header("Accept", "application/json")
          .header("Content-Type", "application/json")
          .method(method, publisher)
          .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 500) {
        throw new HubUnavailableException(method + " " + uri + " answered " + response.statusCode());
      }
      return response;
    } catch (IOException e) {
      throw new HubUnavailableException(method + " " + uri + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubUnavailableException(method + " " + uri + " interrupted", e);
    }
  }

  private <T> T read(HttpResponse<String> response, Class<T> type) {
    expectSuccess(response);
    try {
      return json.readValue(response.body(), type);
    } catch (IOException e) {
      String message = "unreadable answer from " + response.uri() + ": " + e.getMessage();
      throw new HubRejectedException(response.statusCode(), message, message);
    }
  }

  private void expectSuccess(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 2) {
      String detail = problemDetail(response.body()).orElse(response.body());
      throw new HubRejectedException(response.statusCode(), detail,
          response.request().method() + " " + response.uri() + " answered " + response.statusCode() + ": " + detail);
    }
  }

  /** The {@code detail} (else {@code title}) of an application/problem+json answer. */
  private Optional<String> problemDetail(String body) {
    try {
      var problem = json.readTree(body);
      return Optional.ofNullable(problem.hasNonNull("detail") ? problem.get("detail") : problem.get("title"))
          .map(node -> node.asText()).filter(text -> !text.isBlank());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
