package io.kavsak.hub.parsing;

import io.kavsak.hub.tenant.TenantApi;
import io.kavsak.hub.web.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Keeps uploaded CVs under {@code {root}/tenants/{tenantId}/cv/} as
 * {@code {safe-name}_{YYYYMMDD_HHMMSS}_{jobid}.{ext}}, the safe name being the client's file name with
 * the person's name redacted ({@link CvFileName}). The type is decided by content, the extension
 * follows the detected type, and no client-supplied name can leave the directory.
 */
@Component
public class CvStorage {

    /** Accepted CV formats by detected media type, with the extension a stored file gets. */
    static final Map<String, String> ACCEPTED = Map.of(
            "application/pdf", "pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
            "application/msword", "doc",
            "application/vnd.oasis.opendocument.text", "odt",
            "application/rtf", "rtf",
            "text/html", "html",
            "application/xhtml+xml", "html",
            "text/plain", "txt");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final Path root;
    private final Detector detector;
    private final ParserProperties properties;
    private final Clock clock = Clock.systemUTC();

    public CvStorage(@Value("${kavsak.storage.root}") String root, Detector cvDetector, ParserProperties properties) {
        this.root = Path.of(root).toAbsolutePath().normalize();
        this.detector = cvDetector;
        this.properties = properties;
    }

    /** Stores an upload after checking its size and its content type; answers 413 or 415 otherwise. */
    public Path storeUpload(String tenantId, UUID jobId, String clientName, long declaredSize, InputStream content)
            throws IOException {
        long limit = properties.maxFileSize().toBytes();
        if (declaredSize > limit) {
            throw tooLarge(limit);
        }
        Path directory = directory(tenantId);
        Path incoming = directory.resolve(".incoming-" + jobId);
        try {
            try (OutputStream out = Files.newOutputStream(incoming)) {
                if (copyAtMost(content, out, limit) > limit) {
                    throw tooLarge(limit);
                }
            }
            if (Files.size(incoming) == 0) {
                throw ApiProblem.badRequest("file", "The file is empty");
            }
            String type = detect(incoming);
            String extension = ACCEPTED.get(type);
            if (extension == null) {
                throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported file type",
                        "The file's content is " + type + "; accepted are PDF, DOCX, DOC, ODT, RTF, HTML and plain text",
                        "file");
            }
            Path stored = place(directory, safeName(CvFileName.redact(clientName)), jobId, extension);
            Files.move(incoming, stored, StandardCopyOption.ATOMIC_MOVE);
            return stored;
        } finally {
            Files.deleteIfExists(incoming);
        }
    }

    /** Stores a submitted CV text the same way an upload is stored, so the database never holds it. */
    public Path storeText(String tenantId, UUID jobId, String text) throws IOException {
        Path stored = place(directory(tenantId), "text", jobId, "txt");
        Files.writeString(stored, text, StandardCharsets.UTF_8);
        return stored;
    }

    public void delete(String storedPath) throws IOException {
        if (storedPath != null) {
            Path path = Path.of(storedPath).toAbsolutePath().normalize();
            if (path.startsWith(root)) {
                Files.deleteIfExists(path);
            }
        }
    }

    String detect(Path file) throws IOException {
        try (TikaInputStream in = TikaInputStream.get(file)) {
            // the content alone decides: no file name or declared type is handed to the detector
            MediaType type = detector.detect(in, new Metadata());
            return type.getBaseType().toString();
        }
    }

    Path directory(String tenantId) throws IOException {
        if (tenantId == null || !TenantApi.TENANT_ID.matcher(tenantId).matches()) {
            throw ApiProblem.forbidden("The token's tenant_id is not a valid tenant id");
        }
        Path directory = root.resolve("tenants").resolve(tenantId).resolve("cv").normalize();
        if (!directory.startsWith(root)) {
            throw new IllegalStateException("tenant directory outside the storage root");
        }
        Files.createDirectories(directory);
        return directory;
    }

    private Path place(Path directory, String safeName, UUID jobId, String extension) {
        String stamp = LocalDateTime.now(clock.withZone(ZoneOffset.UTC)).format(STAMP);
        String shortId = jobId.toString().substring(0, 8);
        Path path = directory.resolve(safeName + "_" + stamp + "_" + shortId + "." + extension).normalize();
        if (!path.getParent().equals(directory)) {
            throw new IllegalStateException("stored file outside its directory");
        }
        return path;
    }

    /** The client's file name reduced to ASCII letters, digits, '-' and '_', without directories or extension. */
    static String safeName(String clientName) {
        if (clientName == null) {
            return "cv";
        }
        String base = clientName.replace(PersonalDataRedactor.MARK, " ").replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        String ascii = Normalizer.normalize(base.replace('ı', 'i').replace('İ', 'I'), Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "");
        String safe = ascii.replaceAll("[^A-Za-z0-9-]+", "_").replaceAll("_+", "_")
                .replaceAll("^[_-]+|[_-]+$", "").toLowerCase(Locale.ROOT);
        if (safe.length() > 60) {
            safe = safe.substring(0, 60);
        }
        return safe.isEmpty() ? "cv" : safe;
    }

    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                return total;
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static ApiProblem tooLarge(long limit) {
        return new ApiProblem(HttpStatus.PAYLOAD_TOO_LARGE, "File too large",
                "The file is larger than " + (limit / (1024 * 1024)) + " MB", "file");
    }
}
