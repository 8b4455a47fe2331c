package io.kavsak.hub.parsing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kavsak.hub.parsing.redaction.PiiSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Measures redaction and the basic extractor on the labelled corpus (redaction also on the held-out corpus): each CV rendered as PDF, DOCX or
 * text, read back by the real {@link CvTextExtractor} (its noise included), then redacted. Prints the
 * figures and fails below the floors measured when the corpus was written.
 */
class CvCorpusMeasurementTest {

    /**
     * Floors: the measured values, rounded down; ceilings rounded up (2.2% of professional terms removed: place
     * names in Turkish employers read as names, Konya Şeker, Bursa Beton, Mimar Sinan). Raise them as it improves.
     */
    private static final Floors TUNED = new Floors(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.03);
    /**
     * Floors on the held-out CVs, written before the redactor was read: first measured names 87.9%, all 92.5%,
     * professional terms removed 15.3%; now the values below, rounded down (two addresses with no house number
     * before the street, "Plot 14, Admiralty Way", "Apartment 12, Block C, Grand Canal Quay", are partly missed).
     */
    private static final Floors HELD_OUT = new Floors(1.0, 1.0, 1.0, 0.91, 1.0, 0.99, 0.01);
    /** The basic extractor finds no profession or period in CVs written as prose. */
    private static final double FLOOR_PROFESSION = 0.43;
    private static final double FLOOR_YEARS = 0.5;
    private static final double FLOOR_SKILL_RECALL = 1.0;
    private static final double FLOOR_SKILL_PRECISION = 0.96;

    private static final Map<String, String> CATEGORY = Map.of("NAME", "names", "EMAIL", "contacts", "PHONE",
            "contacts", "URL", "contacts", "ID", "ids", "ADDRESS", "addresses", "DOB", "dates");

    private static final PersonalDataRedactor REDACTOR = new PersonalDataRedactor();
    private static final List<Measured> MEASURED = new ArrayList<>();
    private static final List<Measured> MEASURED_HELD_OUT = new ArrayList<>();

    /** Least recall per category and most share of professional terms the redactor may remove. */
    record Floors(double names, double contacts, double ids, double addresses, double dates, double all,
                  double professionalRemoved) {
    }

    /** A CV after extraction: its text, its labels relocated into that text, and what the redactor found. */
    record Measured(LabelledCvCorpus.Cv cv, String text, List<LabelledCvCorpus.Span> gold, boolean[] covered,
                    String redacted, PersonalDataRedactor.Findings findings) {
    }

    @BeforeAll
    static void extractAndRedactEveryCv() throws Exception {
        // the bounded extractor the hub runs: a child JVM reads each file under its storage root
        try (CvTextExtractor extractor = CvTextExtractorTest.extractor(200_000, Duration.ofSeconds(60),
                DataSize.ofMegabytes(256), 1)) {
            for (LabelledCvCorpus.Cv cv : LabelledCvCorpus.load(LabelledCvCorpus.TUNED)) {
                MEASURED.add(measure(cv, extractor.extract(CvTextExtractorTest.store(cv.id() + "." + cv.format(),
                        LabelledCvCorpus.render(cv)))));
            }
            for (LabelledCvCorpus.Cv cv : LabelledCvCorpus.load(LabelledCvCorpus.HELD_OUT)) {
                MEASURED_HELD_OUT.add(measure(cv, extractor.extract(CvTextExtractorTest.store(
                        cv.id() + "." + cv.format(), LabelledCvCorpus.render(cv)))));
            }
        }
    }

    private static Measured measure(LabelledCvCorpus.Cv cv, String extracted) {
        String text = extracted.replace("\r\n", "\n").replace('\r', '\n');
        List<LabelledCvCorpus.Span> gold = relocate(cv, text);
        PersonalDataRedactor.Findings findings = REDACTOR.find(text);
        boolean[] covered = new boolean[text.length()];
        for (PiiSpan span : findings.spans()) {
            for (int i = span.start(); i < span.end(); i++) {
                covered[i] = true;
            }
        }
        return new Measured(cv, text, gold, covered, REDACTOR.redact(text).text(), findings);
    }

    /** Finds each label's text in the extracted text, in order, whatever whitespace extraction put between words. */
    private static List<LabelledCvCorpus.Span> relocate(LabelledCvCorpus.Cv cv, String text) {
        List<LabelledCvCorpus.Span> out = new ArrayList<>();
        int from = 0;
        for (LabelledCvCorpus.Span span : cv.spans()) {
            String regex = String.join("\\s+", java.util.Arrays.stream(span.text().strip().split("\\s+"))
                    .map(Pattern::quote).toList());
            Matcher m = Pattern.compile(regex).matcher(text);
            assertThat(m.find(from)).as(cv.id() + ": label '" + span.text() + "' not found in the extracted text")
                    .isTrue();
            out.add(new LabelledCvCorpus.Span(span.label(), span.text(), m.start(), m.end()));
            from = m.start() + 1;
        }
        return out;
    }

    @Test
    void everyOccurrenceOfALabelledNameIsLabelled() {
        everyOccurrenceOfALabelledNameIsLabelled(LabelledCvCorpus.TUNED);
        everyOccurrenceOfALabelledNameIsLabelled(LabelledCvCorpus.HELD_OUT);
    }

    private static void everyOccurrenceOfALabelledNameIsLabelled(String corpus) {
        for (LabelledCvCorpus.Cv cv : LabelledCvCorpus.load(corpus)) {
            boolean[] personal = new boolean[cv.text().length()];
            Set<String> words = new LinkedHashSet<>();
            for (LabelledCvCorpus.Span span : cv.spans()) {
                if (LabelledCvCorpus.PERSONAL.contains(span.label())) {
                    for (int i = span.start(); i < span.end(); i++) {
                        personal[i] = true;
                    }
                }
                if (span.label().equals("NAME")) {
                    for (String word : span.text().split("[\\s.]+")) {
                        if (word.length() >= 3 && !word.matches("(?i)dr|prof|doç|yrd|mrs|mr")) {
                            words.add(word);
                        }
                    }
                }
            }
            for (String word : words) {
                Matcher m = Pattern.compile("(?<!\\p{L})" + Pattern.quote(word) + "(?!\\p{L})").matcher(cv.text());
                while (m.find()) {
                    assertThat(personal[m.start()]).as(cv.id() + ": '" + word + "' at " + m.start()
                            + " is not labelled").isTrue();
                }
            }
        }
    }

    @Test
    void redactionRecallAndProfessionalTermsKept() {
        redactionRecallAndProfessionalTermsKept("REDACTION", MEASURED, TUNED);
    }

    @Test
    void redactionRecallAndProfessionalTermsKeptOnTheHeldOutCvs() {
        redactionRecallAndProfessionalTermsKept("REDACTION(heldout)", MEASURED_HELD_OUT, HELD_OUT);
    }

    private static void redactionRecallAndProfessionalTermsKept(String title, List<Measured> measured,
                                                                Floors floors) {
        Map<String, int[]> byCategory = new LinkedHashMap<>();
        for (String category : List.of("names", "contacts", "ids", "addresses", "dates", "all")) {
            byCategory.put(category, new int[2]);
        }
        int professional = 0;
        int professionalRemoved = 0;
        List<String> misses = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (Measured m : measured) {
            for (LabelledCvCorpus.Span span : m.gold()) {
                if (LabelledCvCorpus.PERSONAL.contains(span.label())) {
                    boolean caught = allCovered(m, span);
                    for (String category : List.of(CATEGORY.get(span.label()), "all")) {
                        byCategory.get(category)[0] += caught ? 1 : 0;
                        byCategory.get(category)[1]++;
                    }
                    if (!caught) {
                        misses.add(m.cv().id() + " " + span.label() + " '" + span.text() + "'");
                    }
                } else {
                    professional++;
                    if (anyCovered(m, span)) {
                        professionalRemoved++;
                        damaged.add(m.cv().id() + " " + span.label() + " '" + span.text() + "' by " + m.findings()
                                .spans().stream().filter(s -> s.start() < span.end() && s.end() > span.start())
                                .map(PiiSpan::recognizer).distinct().toList());
                    }
                }
            }
        }
        double removedShare = professionalRemoved / (double) professional;
        StringBuilder line = new StringBuilder(title + " recall");
        byCategory.forEach((category, counts) -> line.append(' ').append(category).append('=')
                .append(percent(counts[0] / (double) counts[1])).append(" (").append(counts[0]).append('/')
                .append(counts[1]).append(')'));
        line.append(" | professional terms removed=").append(percent(removedShare)).append(" (")
                .append(professionalRemoved).append('/').append(professional).append(") | CVs=")
                .append(measured.size());
        System.out.println(line);
        misses.forEach(miss -> System.out.println("  missed " + miss));
        damaged.forEach(term -> System.out.println("  removed " + term));

        assertThat(rate(byCategory, "names")).as(line.toString()).isGreaterThanOrEqualTo(floors.names());
        assertThat(rate(byCategory, "contacts")).as(line.toString()).isGreaterThanOrEqualTo(floors.contacts());
        assertThat(rate(byCategory, "ids")).as(line.toString()).isGreaterThanOrEqualTo(floors.ids());
        assertThat(rate(byCategory, "addresses")).as(line.toString()).isGreaterThanOrEqualTo(floors.addresses());
        assertThat(rate(byCategory, "dates")).as(line.toString()).isGreaterThanOrEqualTo(floors.dates());
        assertThat(rate(byCategory, "all")).as(line.toString()).isGreaterThanOrEqualTo(floors.all());
        assertThat(removedShare).as(line.toString()).isLessThanOrEqualTo(floors.professionalRemoved());
    }

    @Test
    void basicExtractorAgainstTheLabels() {
        BasicCvExtractor extractor = new BasicCvExtractor();
        int professionRight = 0;
        int yearsRight = 0;
        int skillsExpected = 0;
        int skillsFound = 0;
        int skillsReturned = 0;
        List<String> wrong = new ArrayList<>();
        for (Measured m : MEASURED) {
            JsonNode basics = extractor.extract(m.redacted(), YearMonth.of(2025, 6)).path("basics");
            String profession = basics.path("profession").asText("");
            if (fold(profession).equals(fold(m.cv().header().get("profession")))) {
                professionRight++;
            } else {
                wrong.add(m.cv().id() + " profession '" + profession + "' expected '"
                        + m.cv().header().get("profession") + "'");
            }
            double expectedYears = Double.parseDouble(m.cv().header().get("years"));
            JsonNode years = basics.path("total_experience_in_years");
            if (years.isNumber() && Math.abs(years.asDouble() - expectedYears) <= 1.0) {
                yearsRight++;
            } else {
                wrong.add(m.cv().id() + " years " + years + " expected " + expectedYears);
            }
            Set<String> returned = new LinkedHashSet<>();
            basics.path("skills").forEach(s -> returned.add(s.asText()));
            skillsExpected += m.cv().skills().size();
            skillsReturned += returned.size();
            for (String skill : m.cv().skills()) {
                if (returned.contains(skill)) {
                    skillsFound++;
                } else {
                    wrong.add(m.cv().id() + " skill '" + skill + "' not found");
                }
            }
        }
        double profession = professionRight / (double) MEASURED.size();
        double years = yearsRight / (double) MEASURED.size();
        double skillRecall = skillsFound / (double) skillsExpected;
        double skillPrecision = skillsReturned == 0 ? 0 : skillsFound / (double) skillsReturned;
        String line = "BASIC EXTRACTOR profession=" + percent(profession) + " years(±1)=" + percent(years)
                + " skills recall=" + percent(skillRecall) + " precision=" + percent(skillPrecision) + " | CVs="
                + MEASURED.size();
        System.out.println(line);
        wrong.forEach(w -> System.out.println("  " + w));
        assertThat(profession).as(line).isGreaterThanOrEqualTo(FLOOR_PROFESSION);
        assertThat(years).as(line).isGreaterThanOrEqualTo(FLOOR_YEARS);
        assertThat(skillRecall).as(line).isGreaterThanOrEqualTo(FLOOR_SKILL_RECALL);
        assertThat(skillPrecision).as(line).isGreaterThanOrEqualTo(FLOOR_SKILL_PRECISION);
    }

    private static boolean allCovered(Measured m, LabelledCvCorpus.Span span) {
        for (int i = span.start(); i < span.end(); i++) {
            if (Character.isLetterOrDigit(m.text().charAt(i)) && !m.covered()[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyCovered(Measured m, LabelledCvCorpus.Span span) {
        for (int i = span.start(); i < span.end(); i++) {
            if (Character.isLetterOrDigit(m.text().charAt(i)) && m.covered()[i]) {
                return true;
            }
        }
        return false;
    }

    private static double rate(Map<String, int[]> counts, String category) {
        int[] c = counts.get(category);
        return c[1] == 0 ? 1.0 : c[0] / (double) c[1];
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String fold(String text) {
        return text == null ? "" : CvSections.fold(text);
    }
}
