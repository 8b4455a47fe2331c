package io.kavsak.hub.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The operations behind {@code /api/v1/models}: a tenant's models and versions (admin or service to read, admin to
 * change), and the operator's hand-over of a model's volume and retention.
 */
@Component("modelApi")
public class ModelApi {

    private final ModelRegistry registry;
    private final ModelVersions versions;
    private final ModelVolumes volumes;
    private final ModelCleanup cleanup;
    private final TenantRegistry tenants;
    private final ObjectMapper json;

    public ModelApi(ModelRegistry registry, ModelVersions versions, ModelVolumes volumes, ModelCleanup cleanup,
                    TenantRegistry tenants, ObjectMapper json) {
        this.registry = registry;
        this.versions = versions;
        this.volumes = volumes;
        this.cleanup = cleanup;
        this.tenants = tenants;
        this.json = json;
    }

    public List<ModelSummary> models(Exchange exchange) {
        String tenant = reader(exchange);
        return versions.modelNames(tenant).stream().map(name -> {
            List<ModelVersion> all = versions.list(tenant, name);
            return new ModelSummary(name, all.stream().filter(ModelVersion::isActive).map(ModelVersion::version)
                    .findFirst().orElse(null), all.size(),
                    all.stream().mapToLong(v -> v.sizeBytes() == null ? 0 : v.sizeBytes()).sum());
        }).toList();
    }

    public List<ModelVersion> versions(Exchange exchange, @Header("model") String model) {
        return versions.list(reader(exchange), ModelFiles.modelName(model));
    }

    public ModelVersion version(Exchange exchange, @Header("model") String model, @Header("version") String version) {
        return registry.require(reader(exchange), model, version);
    }

    public ModelVersion upload(Exchange exchange, @Header("model") String model) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN);
        String tenant = tenants.requireActive(caller.ownTenant());
        MultipartHttpServletRequest form = multipart(exchange);
        String version = form.getParameter("version");
        if (version == null || version.isBlank()) {
            throw ApiProblem.badRequest("version", "'version' is required");
        }
        MultipartFile file = form.getFile("file");
        if (file == null || file.isEmpty()) {
            throw ApiProblem.badRequest("file", "'file' is required: a part holding the model in Tribuo's format");
        }
        Double accuracy = accuracy(form.getParameter("accuracy"));
        Instant trainingDate = instant("training_date", form.getParameter("training_date"));
        ModelVersion saved;
        try (InputStream content = file.getInputStream()) {
            saved = registry.save(tenant, model, version, content, accuracy, trainingDate, caller.subject());
        } catch (IOException e) {
            throw ApiProblem.badRequest("file", "The uploaded file could not be read: " + e.getMessage());
        }
        cleanup.afterSave(model);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return saved;
    }

    public void download(Exchange exchange, @Header("model") String model, @Header("version") String version)
            throws IOException {
        ModelVersion found = registry.require(reader(exchange), model, version);
        Path file = registry.file(found);
        exchange.getMessage().setBody(Files.readAllBytes(file));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/octet-stream");
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"");
        // the SHA-256 of the file identifies its content: a strong ETag
        exchange.getMessage().setHeader("ETag", "\"" + found.sha256() + "\"");
    }

    public ModelVersion activate(Exchange exchange, @Header("model") String model, @Header("version") String version) {
        Caller caller = admin(exchange);
        return registry.activate(caller.ownTenant(), model, version, caller.subject());
    }

    public void deactivate(Exchange exchange, @Header("model") String model) {
        Caller caller = admin(exchange);
        registry.deactivate(caller.ownTenant(), ModelFiles.modelName(model), caller.subject());
        noContent(exchange);
    }

    public void delete(Exchange exchange, @Header("model") String model, @Header("version") String version) {
        Caller caller = admin(exchange);
        registry.delete(caller.ownTenant(), model, version);
        noContent(exchange);
    }

    public List<ModelActivation> activations(Exchange exchange, @Header("model") String model) {
        return versions.activations(reader(exchange), ModelFiles.modelName(model));
    }

    public LiveVersion live(Exchange exchange, @Header("model") String model, @Header("at") String at) {
        String tenant = reader(exchange);
        Instant when = at == null || at.isBlank() ? Instant.now() : instant("at", at);
        return versions.liveAt(tenant, ModelFiles.modelName(model), when)
                .map(a -> new LiveVersion(model, when, "activated".equals(a.action()) ? a.version() : null,
                        a.at(), a.actor()))
                .orElse(new LiveVersion(model, when, null, null, null));
    }

    public ModelVolume registerVolume(Exchange exchange, @Header("model") String model) {
        Caller.of(exchange).requireAny(Caller.OPERATOR);
        VolumeRegistration body;
        try {
            String text = exchange.getMessage().getBody(String.class);
            body = json.readValue(text == null || text.isBlank() ? "{}" : text, VolumeRegistration.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiProblem.badRequest("body", "A JSON object with mount_path and the retention fields is expected");
        }
        if (body.mountPath() == null || body.mountPath().isBlank()) {
            throw ApiProblem.badRequest("mount_path", "'mount_path' is required");
        }
        ModelVolume fallback = volumes.defaults(ModelFiles.modelName(model));
        return volumes.register(new ModelVolume(model, Path.of(body.mountPath()), body.capacityBytes(),
                positive("keep_versions", body.keepVersions(), fallback.keepVersions()),
                positive("delete_inactive_after_days", body.deleteInactiveAfterDays(),
                        fallback.deleteInactiveAfterDays()),
                positive("emergency_cleanup_disk_percent", body.emergencyCleanupDiskPercent(),
                        fallback.emergencyCleanupDiskPercent()),
                body.cleanupSchedule() == null ? fallback.cleanupSchedule() : ModelCleanup.schedule(
                        body.cleanupSchedule())));
    }

    public VolumeReport volumeReport(Exchange exchange, @Header("model") String model) {
        Caller.of(exchange).requireAny(Caller.OPERATOR);
        return cleanup.report(ModelFiles.modelName(model));
    }

    public CleanupResult runCleanup(Exchange exchange, @Header("model") String model) {
        Caller.of(exchange).requireAny(Caller.OPERATOR);
        return cleanup.clean(ModelFiles.modelName(model), CleanupResult.MANUAL);
    }

    private String reader(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN, Caller.SERVICE);
        return caller.ownTenant();
    }

    private static Caller admin(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.ADMIN);
        caller.ownTenant();
        return caller;
    }

    private static void noContent(Exchange exchange) {
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }

    private static int positive(String field, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw ApiProblem.badRequest(field, "'" + field + "' must be at least 1");
        }
        return value;
    }

    private static Double accuracy(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (value < 0 || value > 1 || Double.isNaN(value)) {
                throw ApiProblem.badRequest("accuracy", "'accuracy' lies between 0 and 1");
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("accuracy", "'accuracy' is a number between 0 and 1");
        }
    }

    private static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(field, "'" + field + "' is an ISO-8601 instant, e.g. 2026-11-23T10:15:00Z");
        }
    }

    private static MultipartHttpServletRequest multipart(Exchange exchange) {
        if (exchange.getMessage() instanceof PlatformHttpMessage message
                && message.getRequest() instanceof MultipartHttpServletRequest form) {
            return form;
        }
        throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Multipart form required",
                "Send multipart/form-data with the parts version, file and optionally accuracy, training_date", "file");
    }
}
