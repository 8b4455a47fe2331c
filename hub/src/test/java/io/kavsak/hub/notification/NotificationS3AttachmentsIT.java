package io.kavsak.hub.notification;

import static io.kavsak.hub.notification.NotificationPipelineIT.eventId;
import static io.kavsak.hub.notification.NotificationPipelineIT.kafka;
import static io.kavsak.hub.notification.NotificationPipelineIT.mailsTo;
import static io.kavsak.hub.notification.NotificationPipelineIT.outcome;
import static io.kavsak.hub.notification.NotificationPipelineIT.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.support.HubIntegrationTest;
import io.kavsak.hub.support.S3ProxyServer;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * s3:// attachments from a real S3-compatible server (S3Proxy in a child JVM): the object travels with the
 * mail byte for byte; an object, bucket or endpoint Kavsak cannot use fails the notification with that reason
 * and no mail is sent.
 */
class NotificationS3AttachmentsIT extends HubIntegrationTest {

    static final String SHARED = S3_SHARED_BUCKET;
    static final String OWN_PREFIX = S3_TENANT_BUCKET_PREFIX;

    @Autowired
    NotificationProperties properties;

    static S3ProxyServer server() {
        return S3ProxyServer.shared();
    }

    /** The test's own client: it puts the objects a scheduler would have exported. */
    static S3Client s3() {
        return S3Client.builder().endpointOverride(server().endpoint()).region(Region.US_EAST_1)
                .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
    }

    static void put(String bucket, String key, byte[] content) {
        try (S3Client s3 = s3()) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(b -> b.bucket(bucket));
            }
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        }
    }

    static byte[] randomBytes(int size) {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        return content;
    }

    /** The attachments of a mail, by file name. */
    static Map<String, byte[]> attachments(Part part) throws Exception {
        Map<String, byte[]> found = new LinkedHashMap<>();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                found.putAll(attachments(multipart.getBodyPart(i)));
            }
        } else if (part.getFileName() != null) {
            found.put(part.getFileName(), part.getInputStream().readAllBytes());
        }
        return found;
    }

    static String withAttachments(String tenant, String to, String... urls) {
        List<String> entries = new ArrayList<>();
        for (String url : urls) {
            entries.add("{\"type\": \"excel\", \"storage_url\": \"" + url + "\"}");
        }
        return request(tenant, to, "monthly_export_report", "{\"month\": \"2025-11\", \"country_count\": 3}",
                "\"attachments\": [" + String.join(", ", entries) + "],");
    }

    @Test
    void objectsFromASharedBucketAndTheTenantsOwnBucketArriveInTheMailWithTheirBytes() throws Exception {
        String tenant = "s3-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] report = randomBytes(20_000);
        byte[] summary = randomBytes(3_000);
        put(SHARED, tenant + "/job-1/result.xlsx", report);
        put(OWN_PREFIX + tenant, "job-2/summary.csv", summary);
        String to = "s3-" + UUID.randomUUID() + "@example.com";
        String request = withAttachments(tenant, to, "s3://" + SHARED + "/" + tenant + "/job-1/result.xlsx",
                "s3://" + OWN_PREFIX + tenant + "/job-2/summary.csv");

        kafka().send("notification.email.requested", tenant, request);

        outcome("notification.email.sent", eventId(request));
        List<MimeMessage> mails = mailsTo(services().mail(), to);
        assertThat(mails).hasSize(1);
        Map<String, byte[]> attached = attachments(mails.get(0));
        assertThat(attached).containsOnlyKeys("result.xlsx", "summary.csv");
        assertThat(attached.get("result.xlsx")).isEqualTo(report);
        assertThat(attached.get("summary.csv")).isEqualTo(summary);
    }

    @Test
    void anObjectOrBucketTheTenantCannotUseFailsTheNotificationWithItsReasonAndSendsNoMail() {
        int limit = (int) properties.maxAttachmentSize().toBytes();
        String tenant = "s3-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "s3-" + UUID.randomUUID().toString().substring(0, 8);
        put(SHARED, tenant + "/job-1/result.xlsx", randomBytes(1_000));
        put(SHARED, other + "/job-1/result.xlsx", randomBytes(1_000));
        put(SHARED, tenant + "/job-1/too-large.xlsx", randomBytes(limit + 1));
        put(SHARED, tenant + "/job-1/half.xlsx", randomBytes(limit / 2 + 10));
        put("kavsak-foreign", tenant + "/job-1/result.xlsx", randomBytes(1_000));
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> requests = new LinkedHashMap<>();
        String ok = "s3://" + SHARED + "/" + tenant + "/job-1/result.xlsx";
        // a missing object, after one that exists: the mail is not sent with only the first
        requests.put("missing", withAttachments(tenant, "missing-" + UUID.randomUUID() + "@example.com", ok,
                "s3://" + SHARED + "/" + tenant + "/job-1/nothing.xlsx"));
        expected.put("missing", "object '" + tenant + "/job-1/nothing.xlsx' does not exist in bucket '" + SHARED + "'");
        // the tenant's own bucket, by the prefix rule, but nobody created it
        requests.put("unknown-bucket", withAttachments(tenant, "unknown-" + UUID.randomUUID() + "@example.com",
                "s3://" + OWN_PREFIX + tenant + "/job-1/result.xlsx"));
        expected.put("unknown-bucket", "bucket '" + OWN_PREFIX + tenant + "' does not exist");
        // a bucket that exists on the server, but is neither shared nor the tenant's
        requests.put("foreign-bucket", withAttachments(tenant, "foreign-" + UUID.randomUUID() + "@example.com",
                "s3://kavsak-foreign/" + tenant + "/job-1/result.xlsx"));
        expected.put("foreign-bucket", "bucket 'kavsak-foreign' is not one tenant " + tenant + " may use");
        // another tenant's bucket and another tenant's prefix in the shared bucket
        requests.put("other-own", withAttachments(tenant, "other-own-" + UUID.randomUUID() + "@example.com",
                "s3://" + OWN_PREFIX + other + "/job-1/result.xlsx"));
        expected.put("other-own", "bucket '" + OWN_PREFIX + other + "' is not one tenant " + tenant + " may use");
        requests.put("other-prefix", withAttachments(tenant, "other-prefix-" + UUID.randomUUID() + "@example.com",
                "s3://" + SHARED + "/" + other + "/job-1/result.xlsx"));
        expected.put("other-prefix", "outside the tenant's prefix '" + tenant + "/'");
        requests.put("dot-dot", withAttachments(tenant, "dot-dot-" + UUID.randomUUID() + "@example.com",
                "s3://" + SHARED + "/" + tenant + "/../" + other + "/job-1/result.xlsx"));
        expected.put("dot-dot", "'..' segment");
        // over the limit on its own, and two that are over it together
        requests.put("too-large", withAttachments(tenant, "large-" + UUID.randomUUID() + "@example.com",
                "s3://" + SHARED + "/" + tenant + "/job-1/too-large.xlsx"));
        expected.put("too-large", "the attachments exceed the limit of " + properties.maxAttachmentSize() + " per mail");
        requests.put("together", withAttachments(tenant, "together-" + UUID.randomUUID() + "@example.com",
                "s3://" + SHARED + "/" + tenant + "/job-1/half.xlsx", "s3://" + SHARED + "/" + tenant + "/job-1/half.xlsx"));
        expected.put("together", "the attachments exceed the limit of " + properties.maxAttachmentSize() + " per mail");

        requests.values().forEach(request -> kafka().send("notification.email.requested", tenant, request));

        requests.forEach((name, request) -> {
            JsonNode failed = outcome("notification.email.failed", eventId(request));
            assertThat(failed.path("reason").asText()).as(name).contains(expected.get(name));
            assertThat(failed.path("attempts").asInt()).as(name).isEqualTo(1);
            String to = parse(request).path("to").asText();
            assertThat(mailsTo(services().mail(), to)).as(name).isEmpty();
            assertThat(mailsTo(backupMail(), to)).as(name).isEmpty();
        });
    }

    @Test
    void anUnreachableObjectStorageIsRetriedThenFailsTheNotificationAndSendsNoMail() {
        String tenant = "s3-" + UUID.randomUUID().toString().substring(0, 8);
        put(SHARED, tenant + "/job-1/result.xlsx", randomBytes(1_000));
        String to = "down-" + UUID.randomUUID() + "@example.com";
        String request = withAttachments(tenant, to, "s3://" + SHARED + "/" + tenant + "/job-1/result.xlsx");
        server().stop();
        try {
            kafka().send("notification.email.requested", tenant, request);

            JsonNode failed = outcome("notification.email.failed", eventId(request));
            assertThat(failed.path("reason").asText())
                    .contains("attachment s3://" + SHARED + "/" + tenant + "/job-1/result.xlsx cannot be fetched")
                    .contains("the object storage cannot be reached");
            // the test hub's policy: 3 redeliveries after the first attempt
            assertThat(failed.path("attempts").asInt()).isEqualTo(4);
            assertThat(mailsTo(services().mail(), to)).isEmpty();
            assertThat(mailsTo(backupMail(), to)).isEmpty();
        } finally {
            server().restart();
        }
    }

    private static JsonNode parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
