package io.kavsak.hub.parsing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * The labelled CVs under {@code src/test/resources/cv-corpus} and the held-out set under
 * {@code cv-corpus-heldout} (format described in their README.md).
 */
final class LabelledCvCorpus {

    static final Set<String> PERSONAL = Set.of("NAME", "EMAIL", "PHONE", "URL", "ID", "ADDRESS", "DOB");
    static final Set<String> PROFESSIONAL = Set.of("SKILL", "EMPLOYER", "TITLE", "SCHOOL");
    private static final Pattern MARKUP = Pattern.compile("\\[\\[([A-Z]+):(.*?)]]");

    /** A labelled span of the plain text. */
    record Span(String label, String text, int start, int end) {
    }

    /** One CV: its header fields, its plain text and the labelled spans in order. */
    record Cv(String id, Map<String, String> header, String text, List<Span> spans) {
        String format() {
            return header.get("format");
        }

        List<String> skills() {
            String skills = header.getOrDefault("skills", "");
            return skills.isBlank() ? List.of() : Arrays.stream(skills.split(",")).map(String::strip).toList();
        }
    }

    private LabelledCvCorpus() {
    }

    static final String TUNED = "cv-corpus";
    static final String HELD_OUT = "cv-corpus-heldout";

    /** Every CV of one corpus directory on the test class path, in file-name order. */
    static List<Cv> load(String corpus) {
        try {
            Path directory = Path.of(LabelledCvCorpus.class.getClassLoader().getResource(corpus).toURI());
            try (Stream<Path> files = Files.list(directory)) {
                return files.filter(p -> p.toString().endsWith(".cv")).sorted().map(LabelledCvCorpus::parse).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Cv parse(Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int separator = content.indexOf("\n---\n");
        Map<String, String> header = new LinkedHashMap<>();
        for (String line : content.substring(0, separator).split("\n")) {
            int colon = line.indexOf(':');
            header.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        String body = content.substring(separator + 5);
        StringBuilder plain = new StringBuilder();
        List<Span> spans = new ArrayList<>();
        Matcher m = MARKUP.matcher(body);
        int position = 0;
        while (m.find()) {
            if (!PERSONAL.contains(m.group(1)) && !PROFESSIONAL.contains(m.group(1))) {
                throw new IllegalStateException(file + ": unknown label " + m.group(1));
            }
            plain.append(body, position, m.start());
            int start = plain.length();
            plain.append(m.group(2));
            spans.add(new Span(m.group(1), m.group(2), start, plain.length()));
            position = m.end();
        }
        plain.append(body.substring(position));
        String id = file.getFileName().toString().replace(".cv", "");
        return new Cv(id, header, plain.toString(), spans);
    }

    /** The CV in its declared format, as a user would upload it. */
    static byte[] render(Cv cv) throws IOException {
        return switch (cv.format()) {
            case "pdf" -> pdf(cv.text());
            case "docx" -> CvCorpus.docx(cv.text());
            case "txt" -> cv.text().getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalStateException(cv.id() + ": unknown format " + cv.format());
        };
    }

    /** A PDF in a Unicode font (PDFBox's own Liberation Sans), lines wrapped at the page width, pages added as needed. */
    static byte[] pdf(String text) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDFont font;
            try (InputStream ttf = PDDocument.class.getResourceAsStream(
                    "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf")) {
                font = PDType0Font.load(document, ttf);
            }
            List<String> lines = new ArrayList<>();
            for (String line : text.split("\n", -1)) {
                lines.addAll(wrap(line, font, 10, 520));
            }
            int index = 0;
            while (index < lines.size()) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.setLeading(13);
                    content.newLineAtOffset(45, 750);
                    for (int row = 0; row < 54 && index < lines.size(); row++, index++) {
                        content.showText(lines.get(index));
                        content.newLine();
                    }
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static List<String> wrap(String line, PDFont font, float size, float width) throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : line.split(" ")) {
            String candidate = current.isEmpty() ? word : current + " " + word;
            if (!current.isEmpty() && font.getStringWidth(candidate) / 1000 * size > width) {
                out.add(current.toString());
                current = new StringBuilder(word);
            } else {
                current = new StringBuilder(candidate);
            }
        }
        out.add(current.toString());
        return out;
    }
}
