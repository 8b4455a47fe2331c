package io.kavsak.hub.notification;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.storage.S3StorageProperties;
import io.kavsak.hub.storage.TenantObjects;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.S3Client;

class NotificationAttachmentsTest {

    static Notification withAttachment(String url) throws Exception {
        return new Notification(UUID.randomUUID(), "event-1", "acme", "user@example.com", "monthly_export_report",
                "en", new ObjectMapper().readTree("{\"attachments\": [{\"type\": \"excel\", \"storage_url\": \""
                        + url + "\"}]}"), Instant.now(), Instant.now());
    }

    @Test
    void anS3UrlWithoutObjectStorageConfiguredFailsTheNotificationSayingSo() throws Exception {
        TenantObjects unconfigured = new TenantObjects(new S3StorageProperties(false, null, "us-east-1", null, null,
                false, List.of(), null, Duration.ofSeconds(1)),
                new StaticListableBeanFactory().getBeanProvider(S3Client.class));
        NotificationAttachments attachments = new NotificationAttachments(Path.of("target", "no-storage").toString(),
                new NotificationProperties("a@b.c", "kavsak.local", "en", 1, Duration.ofMinutes(1),
                        DataSize.ofMegabytes(1), 0), unconfigured);

        assertThatThrownBy(() -> attachments.fetch(withAttachment("s3://exports/acme/job-1/result.xlsx")))
                .isInstanceOf(NotificationFailedException.class)
                .hasMessage("attachment s3://exports/acme/job-1/result.xlsx cannot be fetched: storage scheme 's3' is "
                        + "not configured");
    }
}
