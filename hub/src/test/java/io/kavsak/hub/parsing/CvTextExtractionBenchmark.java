package io.kavsak.hub.parsing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Benchmark, not a test: mean time to read the sample CVs in the hub's JVM (as before the child JVMs) and
 * through the warm pool of bounded child JVMs; prints figures, asserts nothing about time. Not picked up by
 * {@code ./mvnw verify}; run it with {@code ./mvnw -B -pl hub test -Dtest=CvTextExtractionBenchmark}.
 */
class CvTextExtractionBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 30);

    @Test
    void meanTimePerSampleCvInTheHubsJvmAndInTheBoundedChildren() throws Exception {
        List<Path> corpus = new ArrayList<>();
        // the PDFs' standard font has no Turkish letters: PDF in English only, as in the parsing IT
        corpus.add(CvTextExtractorTest.store("cv.pdf", CvCorpus.pdf(CvCorpus.english("mkbench").text())));
        corpus.add(CvTextExtractorTest.store("cv.pdf", CvCorpus.pdf(CvCorpus.english("mkbench2").text())));
        for (CvCorpus.Cv cv : List.of(CvCorpus.english("mkbench"), CvCorpus.turkish("mkbench"))) {
            corpus.add(CvTextExtractorTest.store("cv.docx", CvCorpus.docx(cv.text())));
            corpus.add(CvTextExtractorTest.store("cv.html", ("<html><body><pre>" + cv.text() + "</pre></body></html>")
                    .getBytes(StandardCharsets.UTF_8)));
            corpus.add(CvTextExtractorTest.store("cv.txt", cv.text().getBytes(StandardCharsets.UTF_8)));
        }
        AutoDetectParser inJvm = new AutoDetectParser(TikaConfig.getDefaultConfig());
        long started = System.nanoTime();
        parseInJvm(inJvm, corpus.get(0));
        double inJvmFirst = (System.nanoTime() - started) / 1e6;
        double inJvmMean = mean(corpus, file -> parseInJvm(inJvm, file));

        try (CvTextExtractor bounded = CvTextExtractorTest.extractor(200_000, Duration.ofSeconds(30),
                DataSize.ofMegabytes(256), 1)) {
            started = System.nanoTime();
            bounded.extract(corpus.get(0));
            double boundedFirst = (System.nanoTime() - started) / 1e6;
            double boundedMean = mean(corpus, bounded::extract);
            System.out.printf("BENCHMARK %d sample CVs (2 PDF, 2 DOCX, 2 HTML, 2 text; English and Turkish) x %d rounds%n",
                    corpus.size(), ROUNDS);
            System.out.printf("BENCHMARK in the hub's JVM:        first %.0f ms, then mean %.1f ms per CV%n",
                    inJvmFirst, inJvmMean);
            System.out.printf("BENCHMARK bounded child JVM pool:  first %.0f ms (child start), then mean %.1f ms"
                    + " per CV%n", boundedFirst, boundedMean);
            for (ProcessHandle child : ProcessHandle.current().children().toList()) {
                Path status = Path.of("/proc", String.valueOf(child.pid()), "status");
                if (java.nio.file.Files.isReadable(status)) {
                    java.nio.file.Files.readAllLines(status).stream().filter(line -> line.startsWith("VmRSS"))
                            .forEach(line -> System.out.println("BENCHMARK child JVM resident memory: " + line));
                }
            }
        }
    }

    private interface Read {
        void read(Path file) throws Exception;
    }

    /** Warm-up round, then the mean over {@link #ROUNDS} rounds of the corpus. */
    private static double mean(List<Path> corpus, Read read) throws Exception {
        for (Path file : corpus) {
            read.read(file);
        }
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            for (Path file : corpus) {
                read.read(file);
            }
        }
        return (System.nanoTime() - started) / 1e6 / ROUNDS / corpus.size();
    }

    /** What the extractor did before the child JVMs. */
    private static void parseInJvm(AutoDetectParser parser, Path file) throws Exception {
        try (TikaInputStream in = TikaInputStream.get(file)) {
            parser.parse(in, new BodyContentHandler(200_000), new Metadata(), new ParseContext());
        }
    }
}
