package io.kavsak.hub.parsing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client's file name as the hub keeps it. Real CVs are named after the person
 * ({@code Firstname_Lastname_CV.pdf}) and a file name has no sentence around it to tell a name from
 * a word, so only words known to describe a CV document survive; every other word becomes
 * {@code [redacted]}: {@code Ayşe_Yılmaz_CV_v2.pdf} is kept as {@code [redacted]_CV_v2.pdf}; numbers other than a version
 * tag go too (a birth date or a phone number is a number).
 */
final class CvFileName {

    private static final Set<String> DOCUMENT_WORDS = Set.of("cv", "resume", "curriculum", "vitae", "lebenslauf",
            "ozgecmis", "en", "tr", "de", "eng", "english", "turkish", "turkce", "ingilizce", "final", "updated",
            "new", "latest", "current", "guncel", "yeni", "version", "copy", "kopya", "draft", "taslak", "and",
            "cover", "letter", "my", "the", "of", "ve", "full", "short", "long", "page", "sayfa", "scan", "tarama");
    /** Only a version tag survives: any other number may be a birth date, a phone or an id. */
    private static final Pattern VERSION = Pattern.compile("v\\d{1,3}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s_.()\\[\\]{},+-]+");
    /** The extensions of the types the hub accepts; anything else after the last dot is a word like the others. */
    private static final Set<String> EXTENSIONS = Set.of("pdf", "docx", "doc", "odt", "rtf", "html", "htm", "txt");

    private CvFileName() {
    }

    /** The name with everything but CV words, a version tag and a known extension replaced by the mark. */
    static String redact(String clientName) {
        if (clientName == null || clientName.isBlank()) {
            return null;
        }
        String base = clientName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).strip();
        String extension = "";
        int dot = base.lastIndexOf('.');
        if (dot > 0 && EXTENSIONS.contains(base.substring(dot + 1).toLowerCase(java.util.Locale.ROOT))) {
            extension = base.substring(dot);
            base = base.substring(0, dot);
        }
        List<String> kept = new ArrayList<>();
        for (String word : SEPARATORS.split(base)) {
            if (word.isEmpty()) {
                continue;
            }
            String folded = CvSections.fold(word);
            String part = DOCUMENT_WORDS.contains(folded) || VERSION.matcher(folded).matches() ? word
                    : PersonalDataRedactor.MARK;
            if (!(part.equals(PersonalDataRedactor.MARK) && !kept.isEmpty()
                    && kept.get(kept.size() - 1).equals(PersonalDataRedactor.MARK))) {
                kept.add(part);
            }
        }
        String name = kept.isEmpty() ? PersonalDataRedactor.MARK : String.join("_", kept);
        return name + extension.toLowerCase(java.util.Locale.ROOT);
    }
}
