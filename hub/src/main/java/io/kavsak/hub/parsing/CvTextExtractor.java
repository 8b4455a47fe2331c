package io.kavsak.hub.parsing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.pipes.FetchEmitTuple;
import org.apache.tika.pipes.HandlerConfig;
import org.apache.tika.pipes.PipesConfig;
import org.apache.tika.pipes.PipesException;
import org.apache.tika.pipes.PipesParser;
import org.apache.tika.pipes.PipesResult;
import org.apache.tika.pipes.emitter.EmitKey;
import org.apache.tika.pipes.fetcher.FetchKey;
import org.apache.tika.sax.BasicContentHandlerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;
import org.xml.sax.SAXException;

/**
 * Pulls the text out of a stored CV with Apache Tika (PDF, DOCX, DOC, ODT, RTF, HTML, text) in a warm pool
 * of child JVMs (Tika pipes), so a file that parses too long, exhausts the child's heap or crashes it fails
 * only its own job. Hostile or broken files end as a {@link CvRejectedException} with a message a user can
 * act on; a pool that cannot work at all is a {@link TextExtractorUnavailableException}.
 */
@Component
public class CvTextExtractor implements Closeable {

    private static final String FETCHER = "stored-cv";

    private final Path root;
    private final Path workDirectory;
    private final PipesParser pipes;
    private final ParserProperties.Extraction limits;
    private final int maxCharacters;
    private final java.time.Duration processingTimeout;
    private volatile boolean closing;

    @Autowired
    public CvTextExtractor(ParserProperties properties, @Value("${kavsak.storage.root}") String root)
            throws IOException, TikaException {
        this(properties, Path.of(root), System.getProperty("java.class.path"));
    }

    /** {@code classPath} is what the children run on: the hub's own, a directory of jars or its executable jar. */
    CvTextExtractor(ParserProperties properties, Path root, String classPath) throws IOException, TikaException {
        this.root = Files.createDirectories(root).toRealPath();
        this.limits = properties.extraction();
        this.maxCharacters = properties.maxTextCharacters();
        this.processingTimeout = properties.processingTimeout();
        this.workDirectory = Files.createTempDirectory("kavsak-tika-");
        Path config = workDirectory.resolve("tika-pipes.xml");
        Files.writeString(config, pipesConfig(childArguments(classPath)), StandardCharsets.UTF_8);
        this.pipes = new PipesParser(PipesConfig.load(config));
    }

    @Bean
    static TikaConfig tikaConfig() {
        return TikaConfig.getDefaultConfig();
    }

    @Bean
    static Detector cvDetector(TikaConfig tika) {
        return tika.getDetector();
    }

    /** Ends the child JVMs with the hub (they also end by themselves when the hub's end of their pipe closes). */
    @Override
    public void close() throws IOException {
        closing = true;
        try {
            pipes.close();
        } finally {
            FileSystemUtils.deleteRecursively(workDirectory);
        }
    }

    /**
     * The child JVM's options. Its heap is bounded; it writes only into this JVM's temporary directory and
     * home (no perf data under /tmp, crash logs in the temporary directory); its log is quiet because a
     * parser's message could quote the CV. From Spring Boot's executable jar, whose libraries are nested
     * jars a plain {@code -cp} cannot read, the child starts through the jar's own {@code PropertiesLauncher}.
     */
    private List<String> childArguments(String classPath) throws IOException {
        String tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
        List<String> arguments = new ArrayList<>(List.of(
                "-Xmx" + limits.childHeap().toMegabytes() + "m",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-XX:ErrorFile=" + Path.of(tmp, "kavsak-tika-hs_err_pid%p.log"),
                "-Djava.io.tmpdir=" + tmp,
                "-Duser.home=" + System.getProperty("user.home"),
                "-Dlogback.configurationFile=parsing/tika-child-logback.xml"));
        Path executableJar = springBootJar(classPath);
        if (executableJar != null) {
            arguments.addAll(List.of("-cp", executableJar.toString(),
                    "-Dloader.main=" + BootJarPipesServer.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            arguments.addAll(List.of("-cp", classPath));
        }
        return arguments;
    }

    /** The class path's only entry if it is a Spring Boot executable jar, else null. */
    private static Path springBootJar(String classPath) throws IOException {
        if (classPath == null || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return null;
        }
        Path jar = Path.of(classPath).toAbsolutePath();
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getManifest() != null
                    && file.getManifest().getMainAttributes().getValue("Spring-Boot-Lib") != null ? jar : null;
        }
    }

    private String pipesConfig(List<String> childArguments) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<properties>\n");
        xml.append("  <pipes>\n    <params>\n");
        param(xml, "numClients", limits.poolSize());
        param(xml, "timeoutMillis", limits.timeout().toMillis());
        // the text comes back to this JVM instead of going to an emitter
        param(xml, "maxForEmitBatchBytes", -1);
        param(xml, "startupTimeoutMillis", 120_000);
        param(xml, "sleepOnStartupTimeoutMillis", 1_000);
        // a worker waits for a free child at most as long as a job may take
        param(xml, "maxWaitForClientMillis", processingTimeout.toMillis());
        // children stay warm while the hub is idle instead of exiting after 5 minutes
        param(xml, "shutdownClientAfterMillis", 0);
        param(xml, "javaPath", Path.of(System.getProperty("java.home"), "bin", "java"));
        xml.append("      <forkedJvmArgs>\n");
        childArguments.forEach(argument -> xml.append("        <arg>").append(escape(argument)).append("</arg>\n"));
        xml.append("      </forkedJvmArgs>\n    </params>\n  </pipes>\n");
        xml.append("  <fetchers>\n    <fetcher class=\"org.apache.tika.pipes.fetcher.fs.FileSystemFetcher\">\n");
        xml.append("      <params>\n");
        param(xml, "name", FETCHER);
        param(xml, "basePath", root);
        xml.append("      </params>\n    </fetcher>\n  </fetchers>\n</properties>\n");
        return xml.toString();
    }

    private static void param(StringBuilder xml, String name, Object value) {
        xml.append("      <").append(name).append('>').append(escape(String.valueOf(value)))
                .append("</").append(name).append(">\n");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private CvRejectedException tooMuchText() {
        return new CvRejectedException("The file expands to more than " + maxCharacters
                + " characters of text, far more than a CV (a decompression bomb?)");
    }

    private static CvRejectedException gone() {
        return new CvRejectedException("The stored file is gone (deleted by retention or erasure)");
    }

    /**
     * Text the hub stored itself (a {@code parse-text} submission, written as UTF-8) is read back as it
     * is; Tika's type detection, which dominated the worker's CPU time, is only for uploaded files.
     */
    public String extractSubmittedText(Path file) {
        try {
            if (Files.size(file) > 4L * maxCharacters) {
                throw tooMuchText();
            }
            String submitted = Files.readString(file, StandardCharsets.UTF_8);
            if (submitted.length() > maxCharacters) {
                throw tooMuchText();
            }
            if (submitted.isBlank()) {
                throw new CvRejectedException("The submitted text is empty");
            }
            return submitted;
        } catch (NoSuchFileException e) {
            throw gone();
        } catch (IOException e) {
            throw new CvRejectedException("The submitted text could not be read back: " + e.getClass().getSimpleName());
        }
    }

    public String extract(Path file) {
        Path stored;
        try {
            stored = file.toRealPath();
            if (!Files.isRegularFile(stored) || !stored.startsWith(root)) {
                throw gone();
            }
            if (Files.size(stored) == 0) {
                throw new CvRejectedException("The file is empty");
            }
        } catch (IOException e) {
            throw gone();
        }
        ParseContext context = new ParseContext();
        context.set(HandlerConfig.class, new HandlerConfig(BasicContentHandlerFactory.HANDLER_TYPE.BODY,
                HandlerConfig.PARSE_MODE.CONCATENATE, maxCharacters, -1, true));
        String key = root.relativize(stored).toString();
        // Tika logs the tuple's id; a stored file's name keeps part of the uploaded name, which may be personal
        String id = java.util.UUID.randomUUID().toString();
        PipesResult result;
        try {
            result = pipes.parse(new FetchEmitTuple(id, new FetchKey(FETCHER, key), new EmitKey(), new Metadata(),
                    context, FetchEmitTuple.ON_PARSE_EXCEPTION.EMIT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TextExtractorUnavailableException("interrupted while waiting for a text extractor", e);
        } catch (IOException | PipesException | RuntimeException e) {
            // e.g. a child JVM that cannot start
            throw new TextExtractorUnavailableException("the text extractors cannot work: " + e.getClass().getName(), e);
        }
        return textOf(result);
    }

    private String textOf(PipesResult result) {
        if (closing) {
            // the child was killed by the hub's shutdown, not by the document: the job is retried
            throw new TextExtractorUnavailableException("the hub is shutting down", null);
        }
        switch (result.getStatus()) {
            case PARSE_SUCCESS, PARSE_SUCCESS_WITH_EXCEPTION, PARSE_EXCEPTION_EMIT, PARSE_EXCEPTION_NO_EMIT -> {
                Metadata metadata = result.getEmitData() == null || result.getEmitData().getMetadataList().isEmpty()
                        ? new Metadata() : result.getEmitData().getMetadataList().get(0);
                String failure = metadata.get(TikaCoreProperties.CONTAINER_EXCEPTION);
                if (failure == null && result.getStatus() != PipesResult.STATUS.PARSE_SUCCESS) {
                    failure = result.getMessage();
                }
                if (failure != null && !failure.isBlank()) {
                    throw rejectionFor(failure);
                }
                String text = metadata.get(TikaCoreProperties.TIKA_CONTENT);
                if (text == null || text.isBlank()) {
                    throw new CvRejectedException("No text could be extracted from the file (a scanned image?)");
                }
                return text;
            }
            case EMPTY_OUTPUT -> throw new CvRejectedException(
                    "No text could be extracted from the file (a scanned image?)");
            case TIMEOUT -> throw new CvRejectedException("The document could not be read within "
                    + duration(limits.timeout()) + " (it is too large or too complex)");
            case OOM -> throw new CvRejectedException("The document needs more memory to read than the "
                    + limits.childHeap().toMegabytes() + " MB allowed (it is too large or too complex,"
                    + " e.g. a decompression bomb)");
            case UNSPECIFIED_CRASH -> throw new CvRejectedException(
                    "The document crashed the text extractor (it is malformed or hostile)");
            case FETCH_EXCEPTION -> {
                if (result.getMessage() != null && result.getMessage().contains(NoSuchFileException.class.getName())) {
                    throw gone();
                }
                throw new CvRejectedException("The stored file could not be read");
            }
            default -> throw new TextExtractorUnavailableException("the text extractor answered "
                    + result.getStatus(), null);
        }
    }

    private static String duration(java.time.Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /**
     * The child reports a parse failure as the exception's stack trace: its classes ({@code x.Y: message},
     * then {@code Caused by: x.Z: ...}) are looked up on this JVM's class path, where all of Tika is too.
     */
    private CvRejectedException rejectionFor(String stackTrace) {
        String[] lines = stackTrace.split("\n");
        List<String> thrown = new ArrayList<>(List.of(lines[0]));
        for (String line : lines) {
            if (line.startsWith("Caused by: ")) {
                thrown.add(line.substring("Caused by: ".length()));
            }
        }
        List<Class<?>> chain = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (String exception : thrown) {
            int colon = exception.indexOf(':');
            messages.add(colon < 0 ? "" : exception.substring(colon + 1).toLowerCase(Locale.ROOT));
            try {
                chain.add(Class.forName((colon < 0 ? exception : exception.substring(0, colon)).trim(), false,
                        CvTextExtractor.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                // a class only the child knows: classified by its message alone
            }
        }
        if (chain.stream().anyMatch(type -> type.getSimpleName().equals("EncryptedDocumentException")
                || EncryptedDocumentException.class.isAssignableFrom(type))) {
            return new CvRejectedException("The file is encrypted or password protected; upload an unprotected copy");
        }
        if (chain.stream().anyMatch(WriteLimitReachedException.class::isAssignableFrom)
                || messages.stream().anyMatch(CvTextExtractor::looksLikeBomb)) {
            return tooMuchText();
        }
        if (chain.stream().anyMatch(ZeroByteFileException.class::isAssignableFrom)) {
            return new CvRejectedException("The file is empty");
        }
        Class<?> top = chain.isEmpty() ? Exception.class : chain.get(0);
        if (SAXException.class.isAssignableFrom(top)) {
            return new CvRejectedException("The file could not be read: its content is malformed");
        }
        if (TikaException.class.isAssignableFrom(top)) {
            return new CvRejectedException("The file could not be read: it is corrupt or not what its type claims");
        }
        return new CvRejectedException("The file could not be read: it is corrupt or truncated");
    }

    /** Tika's and POI's guards against zip bombs and deep nesting say so in their messages. */
    private static boolean looksLikeBomb(String message) {
        return message.contains("zip bomb") || message.contains("max. ratio") || message.contains("nested")
                || message.contains("exceed");
    }}
