package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The extractor's child JVMs started from the packaged executable jar, as {@code java -jar hub.jar} and the
 * image run the hub: its libraries are nested jars, so the children start through its PropertiesLauncher.
 */
class CvTextExtractorExecutableJarIT {

    @Test
    void childrenStartFromTheExecutableJarAndAreBoundedThere() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(file -> file.getFileName().toString().matches("kavsak-hub-.*-exec\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("run after package: no target/*-exec.jar"));
        }
        ParserProperties properties = new ParserProperties(DataSize.ofMegabytes(10), 200_000,
                Duration.ofSeconds(60), 8, Duration.ofSeconds(5), Duration.ofMinutes(10), 3, Duration.ofDays(30),
                new ParserProperties.Llm(null, null, "none", Duration.ofSeconds(1), 0, Duration.ofSeconds(1),
                        Duration.ofSeconds(1)),
                // a cold child loads its classes from nested jars: on a busy machine its first CV takes seconds
                new ParserProperties.Extraction(Duration.ofSeconds(10), DataSize.ofMegabytes(160), 1));
        try (CvTextExtractor extractor = new CvTextExtractor(properties, CvTextExtractorTest.ROOT, jar.toString())) {
            String marker = "mk" + UUID.randomUUID().toString().replace("-", "");
            assertThat(extractor.extract(CvTextExtractorTest.store("cv.docx",
                    CvCorpus.docx(CvCorpus.english(marker).text())))).contains(marker);
            List<String> commandLines = ProcessHandle.current().children()
                    .map(child -> child.info().commandLine().orElse(""))
                    .filter(line -> line.contains("-Xmx160m")).toList();
            assertThat(commandLines).singleElement().asString()
                    .contains("-cp " + jar.toAbsolutePath(), "PropertiesLauncher", BootJarPipesServer.class.getName());

            Path endless = CvTextExtractorTest.store("cv.pdf", HostileDocuments.endlessPdf());
            assertThatThrownBy(() -> extractor.extract(endless)).isInstanceOf(CvRejectedException.class)
                    .hasMessageContaining("within 10 s");
            assertThat(extractor.extract(CvTextExtractorTest.store("cv.pdf",
                    CvCorpus.pdf(CvCorpus.english(marker).text())))).contains(marker);
        }
    }
}
