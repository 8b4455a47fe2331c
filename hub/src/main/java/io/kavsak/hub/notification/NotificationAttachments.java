package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.storage.ObjectRefusedException;
import io.kavsak.hub.storage.ObjectStorageUnavailableException;
import io.kavsak.hub.storage.ObjectTooLargeException;
import io.kavsak.hub.storage.TenantObjects;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Fetches a notification's attachments ({@code attachments[].storage_url}, seed 002 §5.3) before anything is
 * sent: from the tenant's own storage ({@code {kavsak.storage.root}/tenants/{tenant}}, a path relative to it
 * or a {@code file:} URL inside it), or from S3-compatible object storage ({@code s3://bucket/key}, confined
 * by {@link TenantObjects}). A URL outside the tenant's storage, a scheme Kavsak cannot read, a missing file
 * or object or a mail over the size limit fails the notification with that reason; object storage that cannot
 * be reached is retried like an SMTP outage, then fails it. Never a mail without its attachment.
 */
@Component("notificationAttachments")
public class NotificationAttachments {

    /** The exchange property the fetched attachments are kept in. */
    public static final String ATTACHMENTS = "kavsakAttachments";

    public record Attachment(String name, String contentType, byte[] content) {
    }

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "pdf", "application/pdf",
            "csv", "text/csv",
            "json", "application/json");

    private final Path storageRoot;
    private final NotificationProperties properties;
    private final TenantObjects objects;

    public NotificationAttachments(@Value("${kavsak.storage.root}") String storageRoot,
                                   NotificationProperties properties, TenantObjects objects) {
        this.storageRoot = Path.of(storageRoot).toAbsolutePath().normalize();
        this.properties = properties;
        this.objects = objects;
    }

    public void fetch(Exchange exchange) {
        Notification notification = exchange.getProperty(Notifications.NOTIFICATION, Notification.class);
        exchange.setProperty(ATTACHMENTS, fetch(notification));
    }

    public List<Attachment> fetch(Notification notification) {
        List<Attachment> attachments = new ArrayList<>();
        long total = 0;
        for (JsonNode entry : notification.attachments()) {
            String url = entry.path("storage_url").asText("");
            if (url.isBlank()) {
                throw new NotificationFailedException("an attachment has no storage_url");
            }
            byte[] content = read(notification.tenantId(), url, properties.maxAttachmentSize().toBytes() - total);
            total += content.length;
            String type = entry.path("type").asText("");
            attachments.add(new Attachment(fileName(url),
                    CONTENT_TYPES.getOrDefault(type, "application/octet-stream"), content));
        }
        return attachments;
    }

    /** One attachment, refused when it is larger than what is left of the mail's limit ({@code left}). */
    private byte[] read(String tenantId, String url, long left) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new NotificationFailedException("attachment " + url + " is not a valid URL");
        }
        String scheme = uri.getScheme();
        if (scheme == null || scheme.equals("file")) {
            return readTenantFile(tenantId, url, scheme == null ? Path.of(uri.getPath()) : Path.of(uri), left);
        }
        if (scheme.equals("s3") && objects.configured()) {
            try {
                return objects.read(tenantId, uri, left);
            } catch (ObjectTooLargeException e) {
                throw new NotificationFailedException("the attachments exceed the limit of "
                        + properties.maxAttachmentSize() + " per mail (at " + url + ": " + e.getMessage() + ")");
            } catch (ObjectRefusedException e) {
                throw new NotificationFailedException("attachment " + url + " cannot be fetched: " + e.getMessage());
            } catch (ObjectStorageUnavailableException e) {
                throw new ObjectStorageUnavailableException("attachment " + url + " cannot be fetched: "
                        + e.getMessage(), e);
            }
        }
        throw new NotificationFailedException("attachment " + url + " cannot be fetched: storage scheme '"
                + scheme + "' is not configured");
    }

    private byte[] readTenantFile(String tenantId, String url, Path path, long left) {
        Path tenantRoot = storageRoot.resolve("tenants").resolve(tenantId).normalize();
        Path file = (path.isAbsolute() ? path : tenantRoot.resolve(path)).normalize();
        if (!tenantRoot.startsWith(storageRoot.resolve("tenants")) || !file.startsWith(tenantRoot)) {
            throw new NotificationFailedException("attachment " + url + " is outside the tenant's storage");
        }
        try {
            if (!Files.isRegularFile(file)) {
                throw new NotificationFailedException("attachment " + url + " does not exist in the tenant's storage");
            }
            // a symbolic link inside the tenant's directory must not lead out of it
            if (!file.toRealPath().startsWith(tenantRoot.toRealPath())) {
                throw new NotificationFailedException("attachment " + url + " is outside the tenant's storage");
            }
            if (Files.size(file) > left) {
                throw new NotificationFailedException("the attachments exceed the limit of "
                        + properties.maxAttachmentSize() + " per mail (at " + url + ")");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new NotificationFailedException("attachment " + url + " cannot be read: " + e.getMessage());
        }
    }

    private static String fileName(String url) {
        String path = url.replaceAll("[?#].*$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isBlank() ? "attachment" : name;
    }
}
