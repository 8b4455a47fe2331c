package io.kavsak.hub.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The test JVM's log file, where test-logback.xml sends every log line instead of the console; on a failed test
 * (registered for all through META-INF/services) it prints the last lines logged while that test ran.
 */
public final class TestLog implements BeforeEachCallback, TestWatcher {

    /** How many of a failed test's log lines reach the console; the file has them all. */
    static final int FAILURE_LINES = 150;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestLog.class);

    /** The file, or null where the build did not set {@code kavsak.test.log} (then logging is not redirected). */
    public static Path file() {
        String file = System.getProperty("kavsak.test.log");
        return file == null ? null : Path.of(file).toAbsolutePath();
    }

    /** The log's current end, to read what is logged after it with {@link #since(long)}. */
    public static long mark() {
        Path file = file();
        try {
            return file != null && Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What was logged after {@code mark}; empty without a log file. */
    public static String since(long mark) {
        Path file = file();
        if (file == null || !Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
            long start = mark <= log.length() ? mark : 0;
            byte[] bytes = new byte[(int) Math.min(log.length() - start, Integer.MAX_VALUE)];
            log.seek(start);
            log.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("mark", mark());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Path file = file();
        if (file == null) {
            return;
        }
        Long mark = context.getStore(NAMESPACE).get("mark", Long.class);
        List<String> lines = since(mark == null ? 0 : mark).lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - FAILURE_LINES), lines.size());
        StringBuilder out = new StringBuilder("\n---- "
                + context.getRequiredTestClass().getSimpleName() + " " + context.getDisplayName() + " failed; the last " + tail.size()
                + " of " + lines.size() + " lines logged while it ran (all in " + file + "):\n");
        tail.forEach(line -> out.append(line).append('\n'));
        System.err.print(out.append("----\n"));
    }
}
