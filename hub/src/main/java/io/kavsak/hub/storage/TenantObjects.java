package io.kavsak.hub.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads a tenant's objects from S3-compatible storage ({@code s3://bucket/key}), confined to what is the
 * tenant's ({@link S3StorageProperties}): its own bucket, or its {@code {tenantId}/} prefix in a shared one.
 * The size is checked from the object's metadata before anything is downloaded.
 */
@Component
public class TenantObjects {

    // S3's bucket naming rules (lower case letters, digits, dots and hyphens, 3 to 63 characters)
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");

    private final S3StorageProperties properties;
    private final ObjectProvider<S3Client> client;

    public TenantObjects(S3StorageProperties properties, ObjectProvider<S3Client> client) {
        this.properties = properties;
        this.client = client;
    }

    public boolean configured() {
        return properties.enabled() && client.getIfAvailable() != null;
    }

    /** The bucket and key of {@code s3://bucket/key}, if the tenant may read it; refused otherwise. */
    public Location locate(String tenantId, URI url) {
        String bucket = url.getAuthority();
        String key = url.getPath() == null || url.getPath().isEmpty() ? "" : url.getPath().substring(1);
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new ObjectRefusedException("'" + bucket + "' is not a valid bucket name");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ObjectRefusedException("an s3:// URL may not carry a query or fragment");
        }
        if (key.isEmpty() || key.endsWith("/") || key.contains("\\") || key.length() > 1024) {
            throw new ObjectRefusedException("'" + key + "' is not an object key");
        }
        for (String segment : key.split("/", -1)) {
            // S3 keys are opaque, but servers that map keys to files resolve these
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new ObjectRefusedException("the key '" + key + "' has an empty, '.' or '..' segment");
            }
        }
        String prefix = properties.tenantBucketPrefix();
        if (prefix != null && !prefix.isBlank() && bucket.equals(prefix + tenantId)) {
            return new Location(bucket, key);
        }
        if (properties.sharedBuckets().contains(bucket)) {
            if (!key.startsWith(tenantId + "/")) {
                throw new ObjectRefusedException("the key is outside the tenant's prefix '" + tenantId
                        + "/' in the shared bucket '" + bucket + "'");
            }
            return new Location(bucket, key);
        }
        throw new ObjectRefusedException("bucket '" + bucket + "' is not one tenant " + tenantId + " may use");
    }

    /**
     * The object's content, at most {@code maxBytes} long: a larger object is refused before it is downloaded
     * (and, should it have grown since, while it is).
     */
    public byte[] read(String tenantId, URI url, long maxBytes) {
        S3Client s3 = client.getIfAvailable();
        if (!properties.enabled() || s3 == null) {
            throw new ObjectRefusedException("storage scheme 's3' is not configured");
        }
        Location location = locate(tenantId, url);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(location.bucket()).key(location.key()));
            if (head.contentLength() != null && head.contentLength() > maxBytes) {
                throw new ObjectTooLargeException("the object's " + head.contentLength()
                        + " bytes exceed the " + maxBytes + " bytes left under the limit");
            }
            try (ResponseInputStream<GetObjectResponse> in =
                         s3.getObject(b -> b.bucket(location.bucket()).key(location.key()))) {
                return readAtMost(in, maxBytes);
            }
        } catch (NoSuchKeyException | NoSuchBucketException e) {
            throw missing(s3, location);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw missing(s3, location);
            }
            if (e.statusCode() >= 500) {
                throw new ObjectStorageUnavailableException("the object storage answered " + e.statusCode()
                        + ": " + errorMessage(e), e);
            }
            throw new ObjectRefusedException("the object storage refused it (" + e.statusCode() + "): "
                    + errorMessage(e));
        } catch (SdkClientException e) {
            throw new ObjectStorageUnavailableException("the object storage cannot be reached: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ObjectStorageUnavailableException("the object could not be read: " + e.getMessage(), e);
        }
    }

    /** A HEAD's 404 does not say whether the bucket or the key is missing: ask about the bucket. */
    private RuntimeException missing(S3Client s3, Location location) {
        try {
            s3.headBucket(b -> b.bucket(location.bucket()));
        } catch (NoSuchBucketException e) {
            return new ObjectRefusedException("bucket '" + location.bucket() + "' does not exist");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return new ObjectRefusedException("bucket '" + location.bucket() + "' does not exist");
            }
        } catch (SdkException e) {
            return new ObjectStorageUnavailableException("the object storage cannot be reached: " + e.getMessage(), e);
        }
        return new ObjectRefusedException("object '" + location.key() + "' does not exist in bucket '"
                + location.bucket() + "'");
    }

    private static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (content.length > maxBytes) {
            throw new ObjectTooLargeException("the object exceeds the " + maxBytes + " bytes left under the limit");
        }
        return content;
    }

    private static String errorMessage(S3Exception e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : String.valueOf(e.getMessage());
    }

    /** Where a tenant's object is. */
    public record Location(String bucket, String key) {
    }
}
