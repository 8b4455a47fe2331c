package io.kavsak.hub.parsing;

import io.kavsak.hub.parsing.redaction.AddressRecognizer;
import io.kavsak.hub.parsing.redaction.BirthDateRecognizer;
import io.kavsak.hub.parsing.redaction.ContactRecognizer;
import io.kavsak.hub.parsing.redaction.IdentifierRecognizer;
import io.kavsak.hub.parsing.redaction.NameGazetteer;
import io.kavsak.hub.parsing.redaction.NameRecognizer;
import io.kavsak.hub.parsing.redaction.PiiRecognizer;
import io.kavsak.hub.parsing.redaction.PiiSpan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Removes what identifies a person from CV text before anything else reads it (KVKK/GDPR). The
 * recognizers in {@code parsing.redaction} find contacts, identifiers, birth dates, addresses and
 * names; here the CV's own structure adds the rest: the personal-details section, the references
 * sections (all but the words the rest of the CV already shows) and lines labelled with a personal
 * detail. Applied again to every string of a parsed profile.
 */
@Component
public class PersonalDataRedactor {

    static final String MARK = "[redacted]";

    /** Lines that only carry a personal detail, recognised by their label. */
    private static final Pattern PERSONAL_LABEL = Pattern.compile("(?iu)^\\s*[•*\\-]?\\s*("
            + "name|full name|first name|last name|surname|ad|soyad|ad soyad|adı soyadı|adi soyadi|isim|adı|soyadı"
            + "|address|home address|adres|ev adresi|ikamet|ikametgah"
            + "|date of birth|birth ?date|dob|born|place of birth|birthplace|doğum tarihi|dogum tarihi|doğum yeri"
            + "|dogum yeri|doğum|dogum|age|yaş|yas"
            + "|nationality|citizenship|uyruk|uyruğu|vatandaşlık"
            + "|marital status|medeni hal|medeni durum|gender|sex|cinsiyet|religion|din"
            + "|military service|military status|askerlik|askerlik durumu"
            + "|t\\.?c\\.?( kimlik)?( no| numarası)?|tc kimlik|kimlik no|national id|identity number|id number"
            + "|ssn|social security number|passport( no| number)?|pasaport( no)?|iban|bank account"
            + "|phone|telephone|tel|mobile|cell|gsm|cep|cep tel|telefon|e-?mail|e-?posta|mail"
            + "|linkedin|github|web|website|photo|fotoğraf|fotograf|driver'?s? licen[cs]e no"
            + ")\\s*[:：\\-–]\\s*.*$", Pattern.MULTILINE);
    private static final Pattern LEFTOVER = Pattern.compile("^[\\s:,;|•*\\-–/()]*$");

    private final List<PiiRecognizer> recognizers = List.of(new ContactRecognizer(), new IdentifierRecognizer(),
            new BirthDateRecognizer(), new AddressRecognizer());
    private final NameRecognizer names = new NameRecognizer(NameGazetteer.shared());

    /** The redacted text and the name words found in it, to be scrubbed from anything derived later. */
    public record Redaction(String text, Set<String> nameTokens) {
    }

    /** What {@link #find} returns: the spans to remove and the name words found. */
    public record Findings(String text, List<PiiSpan> spans, Set<String> nameTokens) {
    }

    public Redaction redact(String text) {
        Findings findings = find(text);
        return new Redaction(apply(findings.text(), findings.spans()), findings.nameTokens());
    }

    /** Every personal-data span of a whole CV, with offsets into its text with line ends as '\n'. */
    public Findings find(String raw) {
        String text = raw.replace("\r\n", "\n").replace('\r', '\n');
        List<PiiSpan> spans = new ArrayList<>();
        List<int[]> references = new ArrayList<>();
        List<int[]> personal = new ArrayList<>();
        int headerEnd = structure(text, spans, references, personal);
        for (PiiRecognizer recognizer : recognizers) {
            recognizer.find(text, spans);
        }
        Set<String> words = names.find(text, spans, headerEnd, references);
        references(text, headerEnd, references, personal, spans);
        return new Findings(text, spans, words);
    }

    /** Replaces every detectable identifier inside a value, and the given name words. */
    public String scrub(String value, Set<String> nameTokens) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String text = value.replace("\r\n", "\n").replace('\r', '\n');
        List<PiiSpan> spans = new ArrayList<>();
        Matcher label = PERSONAL_LABEL.matcher(text);
        while (label.find()) {
            spans.add(new PiiSpan(label.start(), label.end(), PiiSpan.Kind.PERSONAL_DETAIL, "label"));
        }
        for (PiiRecognizer recognizer : recognizers) {
            recognizer.find(text, spans);
        }
        names.find(text, spans, 0);
        Set<String> folded = new java.util.HashSet<>();
        nameTokens.forEach(n -> folded.add(NameGazetteer.fold(n)));
        Matcher word = Pattern.compile("\\p{L}[\\p{L}\\p{M}]*").matcher(text);
        while (word.find()) {
            if (folded.contains(NameGazetteer.fold(word.group()))) {
                spans.add(new PiiSpan(word.start(), word.end(), PiiSpan.Kind.NAME, "known-name"));
            }
        }
        return apply(text, spans);
    }

    /** True when a value still holds something the scrubber would remove. */
    public boolean containsPersonalData(String value, Set<String> nameTokens) {
        return value != null && !scrub(value, nameTokens).equals(value);
    }

    static boolean isTcKimlik(String digits) {
        return IdentifierRecognizer.isTcKimlik(digits);
    }

    static boolean isPhone(String candidate) {
        return ContactRecognizer.isPhone(candidate);
    }

    /**
     * Adds the personal sections and labelled lines, collects the personal and references sections' ranges;
     * returns where the header ends.
     */
    private static int structure(String text, List<PiiSpan> spans, List<int[]> references, List<int[]> personal) {
        int headerEnd = -1;
        int dropFrom = -1;
        boolean dropReferences = false;
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            int end = offset + line.length();
            CvSections.Kind heading = CvSections.heading(line);
            if (heading != null) {
                if (dropFrom >= 0 && offset - 1 > dropFrom) {
                    // the section's lines, not the line ends around them: the next heading stays a line of its own
                    section(dropFrom, offset - 1, dropReferences, spans, references, personal);
                }
                dropFrom = heading == CvSections.Kind.REFERENCES || heading == CvSections.Kind.PERSONAL
                        ? Math.min(end + 1, text.length()) : -1;
                dropReferences = heading == CvSections.Kind.REFERENCES;
                headerEnd = headerEnd < 0 ? offset : headerEnd;
            } else if (PERSONAL_LABEL.matcher(line).matches()) {
                spans.add(new PiiSpan(offset, end, PiiSpan.Kind.PERSONAL_DETAIL, "label"));
            }
            offset = end + 1;
        }
        if (dropFrom >= 0 && dropFrom < text.length()) {
            section(dropFrom, text.length(), dropReferences, spans, references, personal);
        }
        return headerEnd < 0 ? Math.min(text.length(), 600) : headerEnd;
    }

    private static void section(int start, int end, boolean references, List<PiiSpan> spans,
                                List<int[]> referenceSections, List<int[]> personalSections) {
        if (references) {
            referenceSections.add(new int[] {start, end});
        } else {
            personalSections.add(new int[] {start, end});
            spans.add(new PiiSpan(start, end, PiiSpan.Kind.PERSONAL_DETAIL, "section"));
        }
    }

    /**
     * A references section keeps only the words the CV shows outside its header and its personal and references
     * sections (the employer a referee works for, a job word), written the same way; everything else goes.
     */
    private static void references(String text, int headerEnd, List<int[]> references, List<int[]> personal,
                                   List<PiiSpan> spans) {
        if (references.isEmpty()) {
            return;
        }
        boolean[] excluded = new boolean[text.length() + 1];
        java.util.Arrays.fill(excluded, 0, Math.min(headerEnd, text.length()), true);
        for (List<int[]> sections : List.of(references, personal)) {
            for (int[] section : sections) {
                java.util.Arrays.fill(excluded, section[0], section[1], true);
            }
        }
        Set<String> shown = new java.util.HashSet<>();
        Matcher word = WORD.matcher(text);
        while (word.find()) {
            if (!excluded[word.start()]) {
                shown.add(word.group());
            }
        }
        for (int[] section : references) {
            int from = section[0];
            word = WORD.matcher(text).region(section[0], section[1]);
            while (word.find()) {
                if (shown.contains(word.group())) {
                    addIfNotBlank(text, from, word.start(), spans);
                    from = word.end();
                }
            }
            addIfNotBlank(text, from, section[1], spans);
        }
    }

    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{M}]*");

    private static void addIfNotBlank(String text, int start, int end, List<PiiSpan> spans) {
        if (start < end && text.substring(start, end).codePoints().anyMatch(Character::isLetterOrDigit)) {
            spans.add(new PiiSpan(start, end, PiiSpan.Kind.PERSONAL_DETAIL, "section"));
        }
    }

    /** Replaces the union of the spans with the mark and drops lines left with nothing but marks. */
    private static String apply(String text, List<PiiSpan> spans) {
        if (spans.isEmpty()) {
            return text;
        }
        List<PiiSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingInt(PiiSpan::start));
        StringBuilder out = new StringBuilder();
        int position = 0;
        int i = 0;
        while (i < sorted.size()) {
            int start = Math.max(sorted.get(i).start(), position);
            int end = sorted.get(i).end();
            while (i + 1 < sorted.size() && sorted.get(i + 1).start() <= end) {
                end = Math.max(end, sorted.get(++i).end());
            }
            i++;
            if (end <= position) {
                continue;
            }
            out.append(text, position, start).append(MARK);
            position = end;
        }
        out.append(text.substring(Math.min(position, text.length())));
        List<String> kept = new ArrayList<>();
        for (String line : out.toString().split("\n", -1)) {
            if (!(line.contains(MARK) && LEFTOVER.matcher(line.replace(MARK, "")).matches())) {
                kept.add(line);
            }
        }
        return String.join("\n", kept);
    }
}
