package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The text extractor's child JVMs against hostile files generated here: each fails only its own parse, with a
 * message for the user and soon after its bound, and the same pool then reads an ordinary CV.
 */
class CvTextExtractorTest {

    static final Path ROOT = Path.of("target", "extraction-test", "storage").toAbsolutePath();

    /** Default bounds, as the hub runs them. */
    private static CvTextExtractor extractor;

    static CvTextExtractor extractor(int maxCharacters, Duration timeout, DataSize childHeap, int poolSize)
            throws Exception {
        ParserProperties properties = new ParserProperties(DataSize.ofMegabytes(10), maxCharacters,
                Duration.ofSeconds(60), 8, Duration.ofSeconds(5), Duration.ofMinutes(10), 3, Duration.ofDays(30),
                new ParserProperties.Llm(null, null, "none", Duration.ofSeconds(1), 0, Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                new ParserProperties.Extraction(timeout, childHeap, poolSize));
        return new CvTextExtractor(properties, ROOT, System.getProperty("java.class.path"));
    }

    static Path store(String name, byte[] content) throws IOException {
        Path file = ROOT.resolve(UUID.randomUUID() + "-" + name);
        Files.createDirectories(ROOT);
        return Files.write(file, content);
    }

    @BeforeAll
    static void start() throws Exception {
        extractor = extractor(200_000, Duration.ofSeconds(30), DataSize.ofMegabytes(256), 1);
    }

    @AfterAll
    static void stop() throws IOException {
        extractor.close();
    }

    private static void readsAnOrdinaryCv(CvTextExtractor extractor) throws IOException {
        String marker = "mk" + UUID.randomUUID().toString().replace("-", "");
        assertThat(extractor.extract(store("cv.pdf", CvCorpus.pdf(CvCorpus.english(marker).text()))))
                .contains(marker);
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    @Test
    void ordinaryCvsOfEachTypeAreRead() throws Exception {
        String marker = "mk" + UUID.randomUUID().toString().replace("-", "");
        String text = CvCorpus.english(marker).text();
        assertThat(extractor.extract(store("cv.pdf", CvCorpus.pdf(text)))).contains(marker, "Senior Software Engineer");
        assertThat(extractor.extract(store("cv.docx", CvCorpus.docx(text)))).contains(marker);
        assertThat(extractor.extract(store("cv.html", ("<html><body><p>" + text + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8)))).contains(marker);
        assertThat(extractor.extract(store("cv.txt", text.getBytes(StandardCharsets.UTF_8)))).contains(marker);
    }

    @Test
    void brokenFilesAreRejectedWithTheReason() throws Exception {
        assertThatThrownBy(() -> extractor.extract(store("cv.pdf", CvCorpus.encryptedPdf("Software engineer"))))
                .isInstanceOf(CvRejectedException.class).hasMessageContaining("encrypted");
        assertThatThrownBy(() -> extractor.extract(store("cv.pdf",
                java.util.Arrays.copyOf(CvCorpus.pdf("Software Engineer"), 300))))
                .isInstanceOf(CvRejectedException.class).hasMessageStartingWith("The file could not be read");
        assertThatThrownBy(() -> extractor.extract(store("cv.pdf", new byte[0])))
                .isInstanceOf(CvRejectedException.class).hasMessage("The file is empty");
        assertThatThrownBy(() -> extractor.extract(ROOT.resolve("erased.pdf")))
                .isInstanceOf(CvRejectedException.class).hasMessageContaining("gone");
    }

    @Test
    void aDocumentThatNeverEndsFailsAtTheTimeoutAndTheNextCvIsRead() throws Exception {
        // not shorter: a freshly started child's first CV takes a few seconds on a busy machine
        try (CvTextExtractor bounded = extractor(200_000, Duration.ofSeconds(5), DataSize.ofMegabytes(256), 1)) {
            readsAnOrdinaryCv(bounded);
            Path endless = store("cv.pdf", HostileDocuments.endlessPdf());
            long started = System.nanoTime();
            assertThatThrownBy(() -> bounded.extract(endless)).isInstanceOf(CvRejectedException.class)
                    .hasMessage("The document could not be read within 5 s (it is too large or too complex)");
            assertThat(millisSince(started)).as("reported soon after the 5 s bound").isLessThan(15_000);
            readsAnOrdinaryCv(bounded);
        }
    }

    @Test
    void aDocumentThatNeedsMoreThanTheChildsHeapFailsAndTheNextCvIsRead() throws Exception {
        try (CvTextExtractor bounded = extractor(200_000, Duration.ofSeconds(120), DataSize.ofMegabytes(64), 1)) {
            Path hungry = store("cv.pdf", HostileDocuments.memoryHungryPdf());
            long started = System.nanoTime();
            assertThatThrownBy(() -> bounded.extract(hungry)).isInstanceOf(CvRejectedException.class)
                    .hasMessageStartingWith("The document needs more memory to read than the 64 MB allowed");
            assertThat(millisSince(started)).as("an out-of-memory error ends the parse, not the timeout")
                    .isLessThan(60_000);
            readsAnOrdinaryCv(bounded);
        }
    }

    @Test
    void expandingAndDeeplyNestedFilesEndWithinTheBoundsAndTheNextCvIsRead() throws Exception {
        long started = System.nanoTime();
        assertThatThrownBy(() -> extractor.extract(store("cv.docx", HostileDocuments.expandingDocx())))
                .isInstanceOf(CvRejectedException.class)
                .message().containsAnyOf("far more than a CV", "more memory to read than the 256 MB");
        assertThatThrownBy(() -> extractor.extract(store("cv.html", HostileDocuments.deeplyNestedHtml(200_000))))
                .isInstanceOf(CvRejectedException.class).hasMessageContaining("far more than a CV");
        // Tika stops following archives at its depth limit: the text 200 archives down is never reached
        assertThat(extractor.extract(store("cv.zip", HostileDocuments.nestedZip(200))))
                .doesNotContain("Software engineer with Java");
        assertThat(millisSince(started)).as("none of them ran into the 30 s timeout").isLessThan(30_000);
        readsAnOrdinaryCv(extractor);
    }

    @Test
    void aChildJvmThatCannotStartIsAnOutageNotAFaultOfTheCv() throws Exception {
        // the JVM refuses a 1 MB heap and exits before it is ready
        try (CvTextExtractor broken = extractor(200_000, Duration.ofSeconds(30), DataSize.ofMegabytes(1), 1)) {
            Path cv = store("cv.pdf", CvCorpus.pdf("Software engineer"));
            assertThatThrownBy(() -> broken.extract(cv)).isInstanceOf(TextExtractorUnavailableException.class);
        }
    }

    @Test
    void theChildJvmsEndWithTheExtractor() throws Exception {
        CvTextExtractor bounded = extractor(200_000, Duration.ofSeconds(30), DataSize.ofMegabytes(128), 2);
        readsAnOrdinaryCv(bounded);
        List<ProcessHandle> children = ProcessHandle.current().children()
                .filter(child -> child.info().commandLine().orElse("").contains("-Xmx128m")).toList();
        assertThat(children).hasSize(1);
        assertThat(children.get(0).info().commandLine().orElseThrow())
                .contains("-XX:-UsePerfData", "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        bounded.close();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
    }
}
