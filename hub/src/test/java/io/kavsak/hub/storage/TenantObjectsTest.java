package io.kavsak.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import software.amazon.awssdk.services.s3.S3Client;

class TenantObjectsTest {

    static TenantObjects objects(List<String> shared, String ownPrefix, boolean enabled) {
        S3StorageProperties properties = new S3StorageProperties(enabled, "http://127.0.0.1:1", "us-east-1", "a", "b",
                true, shared, ownPrefix, Duration.ofSeconds(1));
        return new TenantObjects(properties, new StaticListableBeanFactory().getBeanProvider(S3Client.class));
    }

    @Test
    void aTenantReadsItsPrefixInASharedBucketAndTheWholeOfItsOwnBucket() {
        TenantObjects objects = objects(List.of("exports"), "kavsak-", true);

        assertThat(objects.locate("acme", URI.create("s3://exports/acme/job-1/result.xlsx")))
                .isEqualTo(new TenantObjects.Location("exports", "acme/job-1/result.xlsx"));
        assertThat(objects.locate("acme", URI.create("s3://kavsak-acme/job-1/result.xlsx")))
                .isEqualTo(new TenantObjects.Location("kavsak-acme", "job-1/result.xlsx"));
    }

    @Test
    void anotherTenantsPrefixOrBucketAndUnlistedBucketsAreRefused() {
        TenantObjects objects = objects(List.of("exports"), "kavsak-", true);

        assertThatThrownBy(() -> objects.locate("acme", URI.create("s3://exports/globex/job-1/result.xlsx")))
                .isInstanceOf(ObjectRefusedException.class).hasMessageContaining("outside the tenant's prefix 'acme/'");
        // a tenant whose id starts with another's is not inside it
        assertThatThrownBy(() -> objects.locate("acme", URI.create("s3://exports/acme-corp/x.csv")))
                .isInstanceOf(ObjectRefusedException.class);
        assertThatThrownBy(() -> objects.locate("acme", URI.create("s3://kavsak-globex/x.csv")))
                .hasMessage("bucket 'kavsak-globex' is not one tenant acme may use");
        assertThatThrownBy(() -> objects.locate("acme", URI.create("s3://elsewhere/acme/x.csv")))
                .hasMessage("bucket 'elsewhere' is not one tenant acme may use");
    }

    @Test
    void withoutAPrefixNoBucketIsATenantsOwn() {
        TenantObjects objects = objects(List.of(), null, true);

        assertThatThrownBy(() -> objects.locate("acme", URI.create("s3://acme/x.csv")))
                .hasMessage("bucket 'acme' is not one tenant acme may use");
    }

    @Test
    void keysWithDotSegmentsEmptySegmentsOrQueriesAndInvalidBucketsAreRefused() {
        TenantObjects objects = objects(List.of("exports"), "kavsak-", true);

        for (String url : List.of("s3://exports/acme/../globex/x.csv", "s3://exports/acme/./x.csv",
                "s3://exports/acme//x.csv", "s3://exports/acme/", "s3://exports/acme/x.csv?versionId=1",
                "s3://.../acme/x.csv", "s3://Exports/acme/x.csv", "s3:///acme/x.csv")) {
            assertThatThrownBy(() -> objects.locate("acme", URI.create(url))).as(url)
                    .isInstanceOf(ObjectRefusedException.class);
        }
    }

    @Test
    void readingWithoutObjectStorageConfiguredSaysSo() {
        TenantObjects objects = objects(List.of("exports"), "kavsak-", false);

        assertThat(objects.configured()).isFalse();
        assertThatThrownBy(() -> objects.read("acme", URI.create("s3://exports/acme/x.csv"), 10))
                .hasMessage("storage scheme 's3' is not configured");
    }
}
