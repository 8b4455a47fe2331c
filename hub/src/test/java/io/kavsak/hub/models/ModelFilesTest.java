package io.kavsak.hub.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kavsak.hub.web.ApiProblem;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ModelFilesTest {

    private final ModelFiles files = new ModelFiles();
    private final Path root = Path.of("target", "model-files-test").toAbsolutePath();
    private final ModelVolume volume = new ModelVolume("detector", root.resolve("detector"), null, 3, 30, 90,
            "0 3 * * *");

    @Test
    void aVersionIsWrittenAsATimestampedFileWithMode644AndItsChecksum() throws Exception {
        byte[] content = "model bytes".getBytes();
        ModelFiles.Written written = files.write(volume, "acme", "detector", "v1", new ByteArrayInputStream(content),
                1000);

        assertThat(written.path().getParent()).isEqualTo(root.resolve("detector/acme/detector"));
        assertThat(written.path().getFileName().toString()).matches("detector_\\d{8}_\\d{6}_v1\\.tribuo");
        assertThat(Files.readAllBytes(written.path())).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.path()))).isEqualTo("rw-r--r--");
        assertThat(written.sha256()).isEqualTo(HexFormat.of().formatHex(ModelFiles.sha256().digest(content)));
        assertThat(written.sizeBytes()).isEqualTo(content.length);
        try (var left = Files.list(written.path().getParent())) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty();
        }
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedAndLeavesNothingBehind() throws Exception {
        assertThatThrownBy(() -> files.write(volume, "acme", "big", "v1", new ByteArrayInputStream(new byte[2000]), 1000))
                .isInstanceOf(ApiProblem.class).hasMessageContaining("at most 1000 bytes");
        try (var left = Files.list(root.resolve("detector/acme/big"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void namesAndStoredPathsCannotLeaveTheTenantsModelDirectory() {
        assertThatThrownBy(() -> ModelFiles.modelName("../etc")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> ModelFiles.modelName("Detector")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> ModelFiles.version("../../passwd")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> ModelFiles.version("v1/../../x")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> ModelFiles.version("a..b")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> files.modelDirectory(volume, "../other", "detector")).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> files.inside(volume, "acme", "detector", "../../other/detector/x.tribuo"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> files.inside(volume, "acme", "detector", "/etc/passwd"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(files.inside(volume, "acme", "detector", "detector_20261123_101500_v1.tribuo"))
                .isEqualTo(root.resolve("detector/acme/detector/detector_20261123_101500_v1.tribuo"));
        assertThat(ModelFiles.version("2026.11.23-rc_1")).isEqualTo("2026.11.23-rc_1");
    }

    @Test
    void aCorruptFileIsMovedAsideIntoTheQuarantineFolder() throws Exception {
        ModelFiles.Written written = files.write(volume, "acme", "quarantined", "v1",
                new ByteArrayInputStream(new byte[] {1, 2, 3}), 1000);
        Path aside = files.quarantine(volume, "acme", "quarantined", written.path());
        assertThat(written.path()).doesNotExist();
        assertThat(aside).exists().hasParent(root.resolve("detector/acme/quarantined/.quarantine"));
    }

    @Test
    void usageIsMeasuredAgainstTheCapacityTheOperatorHandedOver() throws Exception {
        ModelVolume small = new ModelVolume("usage", root.resolve("usage"), 1000L, 3, 30, 90, "0 3 * * *");
        files.write(small, "acme", "usage", "v1", new ByteArrayInputStream(new byte[400]), 1000);
        assertThat(files.usage(small).percent()).isGreaterThanOrEqualTo(40.0);
        ModelVolume unbounded = new ModelVolume("usage", root.resolve("usage"), null, 3, 30, 90, "0 3 * * *");
        assertThat(files.usage(unbounded).capacityBytes()).isPositive();
    }
}
