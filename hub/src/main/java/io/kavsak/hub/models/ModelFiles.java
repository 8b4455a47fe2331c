package io.kavsak.hub.models;

import io.kavsak.hub.tenant.TenantApi;
import io.kavsak.hub.web.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The files of model versions (seed 003): {@code {root}/{tenant}/{model}/{model}_{YYYYMMDD_HHMMSS}_{version}.{ext}},
 * mode 644, written atomically with their SHA-256. Every name is checked and every path is resolved and compared
 * with the tenant's model directory, so nothing outside it can be written, read or moved.
 */
@Component
public class ModelFiles {

    /** A model name is an MLModel's spec.modelType: lower-case letters, digits, '-' and '_'. */
    public static final Pattern MODEL_NAME = Pattern.compile("^[a-z0-9]([-_a-z0-9]{0,61}[a-z0-9])?$");
    /** A version: letters, digits, '.', '-' and '_', starting with a letter or digit, never "..". */
    public static final Pattern VERSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    /** The one file format the hub loads: Tribuo's protobuf model format. */
    public static final String EXTENSION = "tribuo";
    static final String QUARANTINE = ".quarantine";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
    private static final Set<java.nio.file.attribute.PosixFilePermission> MODE_644 =
            PosixFilePermissions.fromString("rw-r--r--");

    /** A file written: where, how big and its SHA-256 (hex). */
    public record Written(Path path, long sizeBytes, String sha256) {
    }

    public static String modelName(String name) {
        if (name == null || !MODEL_NAME.matcher(name).matches()) {
            throw ApiProblem.badRequest("model", "A model name has 1-63 lower-case letters, digits, '-' or '_'");
        }
        return name;
    }

    public static String version(String version) {
        if (version == null || !VERSION.matcher(version).matches() || version.contains("..")) {
            throw ApiProblem.badRequest("version", "A version has 1-64 letters, digits, '.', '-' or '_' and no '..'");
        }
        return version;
    }

    /** The tenant's directory of one model on its volume. */
    public Path modelDirectory(ModelVolume volume, String tenantId, String modelName) {
        if (tenantId == null || !TenantApi.TENANT_ID.matcher(tenantId).matches()) {
            throw ApiProblem.badRequest("tenant_id", "Not a tenant id");
        }
        Path root = volume.mountPath().toAbsolutePath().normalize();
        Path directory = root.resolve(tenantId).resolve(modelName(modelName)).normalize();
        if (!directory.startsWith(root) || directory.equals(root)) {
            throw ApiProblem.badRequest("model", "The model directory lies outside the model volume");
        }
        return directory;
    }

    /** A stored path, checked to lie inside the tenant's model directory (a row cannot point elsewhere). */
    public Path inside(ModelVolume volume, String tenantId, String modelName, String storedPath) {
        Path directory = modelDirectory(volume, tenantId, modelName);
        Path file = directory.resolve(storedPath).toAbsolutePath().normalize();
        if (!file.startsWith(directory) || file.equals(directory)) {
            throw new IllegalStateException("Model path " + storedPath + " lies outside " + directory);
        }
        return file;
    }

    public static String fileName(String modelName, LocalDateTime savedAt, String version) {
        return modelName(modelName) + "_" + STAMP.format(savedAt) + "_" + version(version) + "." + EXTENSION;
    }

    /** Streams {@code content} into a new version file: a hidden temporary file, then an atomic rename, mode 644. */
    public Written write(ModelVolume volume, String tenantId, String modelName, String version, InputStream content,
                         long maxBytes) throws IOException {
        Path directory = modelDirectory(volume, tenantId, modelName);
        Files.createDirectories(directory);
        Path target = directory.resolve(fileName(modelName, LocalDateTime.now(ZoneOffset.UTC), version));
        if (Files.exists(target)) {
            throw ApiProblem.conflict("Version " + version + " of " + modelName + " already has a file");
        }
        Path temporary = Files.createTempFile(directory, ".upload-", ".part");
        try {
            MessageDigest sha256 = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC), sha256)) {
                size = copyBounded(content, out, maxBytes);
            }
            setMode644(temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
            return new Written(target, size, HexFormat.of().formatHex(sha256.digest()));
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Moves a corrupt version file into the model directory's {@code .quarantine} folder; returns where it went. */
    public Path quarantine(ModelVolume volume, String tenantId, String modelName, Path file) throws IOException {
        Path directory = modelDirectory(volume, tenantId, modelName);
        Path aside = directory.resolve(QUARANTINE);
        Files.createDirectories(aside);
        Path target = aside.resolve(file.getFileName().toString());
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** How full a volume is: bytes used and capacity. */
    public record Usage(long usedBytes, long capacityBytes) {
        public double percent() {
            return capacityBytes <= 0 ? 0 : 100.0 * usedBytes / capacityBytes;
        }
    }

    /**
     * The volume's usage: the files under its mount path against the capacity the operator handed over (the
     * claim's size), or, without one, the file system's own figures.
     */
    public Usage usage(ModelVolume volume) throws IOException {
        Path root = volume.mountPath();
        if (volume.capacityBytes() != null && volume.capacityBytes() > 0) {
            long used = 0;
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    used = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
                }
            }
            return new Usage(used, volume.capacityBytes());
        }
        Path existing = root;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return new Usage(0, 0);
        }
        java.nio.file.FileStore store = Files.getFileStore(existing);
        return new Usage(store.getTotalSpace() - store.getUsableSpace(), store.getTotalSpace());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long copyBounded(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > maxBytes) {
                throw new ApiProblem(org.springframework.http.HttpStatus.PAYLOAD_TOO_LARGE, "Model file too large",
                        "A model file may have at most " + maxBytes + " bytes (kavsak.models.max-file-size)", "file");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    static void setMode644(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, MODE_644);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the volume's own permissions apply
        }
    }
}
