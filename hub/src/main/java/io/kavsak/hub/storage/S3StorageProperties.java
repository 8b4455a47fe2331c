package io.kavsak.hub.storage;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * S3-compatible object storage ({@code kavsak.storage.s3.*}): where it is, how to sign in, and which buckets
 * and keys belong to which tenant. A tenant may read a bucket named {@code tenantBucketPrefix + tenantId}
 * whole, and, in each of the {@code sharedBuckets}, the keys under {@code {tenantId}/}; nothing else.
 */
@ConfigurationProperties("kavsak.storage.s3")
public record S3StorageProperties(
        @DefaultValue("false") boolean enabled,
        String endpoint,
        @DefaultValue("us-east-1") String region,
        String accessKey,
        String secretKey,
        @DefaultValue("false") boolean pathStyle,
        @DefaultValue("") List<String> sharedBuckets,
        String tenantBucketPrefix,
        @DefaultValue("10s") Duration timeout) {

    public S3StorageProperties {
        sharedBuckets = sharedBuckets == null ? List.of()
                : sharedBuckets.stream().map(String::trim).filter(b -> !b.isEmpty()).toList();
    }
}
