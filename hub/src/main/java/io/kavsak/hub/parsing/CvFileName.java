package io.kavsak.hub.parsing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client's file name as the hub keeps it. Real CVs are named after the person
 * ({@code Firstname_Lastname_CV.pdf}) and a file name has no sentence around it to tell a name from
 * a word, so only words known to describe a CV document survive; every other word becomes
 * {@code [redacted]}: {@code Ayşe_Yılmaz_CV_2024.pdf} is kept as {@code [redacted]_CV_2024.pdf}.
 */
final class CvFileName {

    private static final Set<String> DOCUMENT_WORDS = Set.of("cv", "resume", "curriculum", "vitae", "lebenslauf",
            "ozgecmis", "en", "tr", "de", "eng", "english", "turkish", "turkce", "ingilizce", "final", "updated",
            "new", "latest", "current", "son", "guncel", "yeni", "version", "copy", "kopya", "draft", "taslak", "and",
            "cover", "letter", "my", "the", "of", "ve", "full", "short", "long", "page", "sayfa", "scan", "tarama");
    private static final Pattern VERSION = Pattern.compile("v\\d{1,3}|\\d{1,4}|\\d{1,2}[a-z]?");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s_.()\\[\\]{},+-]+");
    private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,5}");

    private CvFileName() {
    }

    /** The name with everything but CV words, short numbers and the extension replaced by the mark. */
    static String redact(String clientName) {
        if (clientName == null || clientName.isBlank()) {
            return null;
        }
        String base = clientName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).strip();
        String extension = "";
        int dot = base.lastIndexOf('.');
        if (dot > 0 && EXTENSION.matcher(base.substring(dot + 1)).matches()) {
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
