package io.kavsak.hub.parsing;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The section headings of English and Turkish CVs, shared by the redactor and the basic extractor. */
final class CvSections {

    enum Kind { SUMMARY, EXPERIENCE, EDUCATION, SKILLS, LANGUAGES, CERTIFICATES, PROJECTS, REFERENCES, PERSONAL,
        HOBBIES, OTHER }

    private static final Map<String, Kind> HEADINGS = Map.ofEntries(
            Map.entry("summary", Kind.SUMMARY), Map.entry("profile", Kind.SUMMARY),
            Map.entry("professional summary", Kind.SUMMARY), Map.entry("about me", Kind.SUMMARY),
            Map.entry("objective", Kind.SUMMARY), Map.entry("career objective", Kind.SUMMARY),
            Map.entry("ozet", Kind.SUMMARY), Map.entry("profil", Kind.SUMMARY), Map.entry("hakkimda", Kind.SUMMARY),
            Map.entry("kariyer hedefi", Kind.SUMMARY), Map.entry("ozgecmis ozeti", Kind.SUMMARY),
            Map.entry("experience", Kind.EXPERIENCE), Map.entry("work experience", Kind.EXPERIENCE),
            Map.entry("professional experience", Kind.EXPERIENCE), Map.entry("employment history", Kind.EXPERIENCE),
            Map.entry("work history", Kind.EXPERIENCE), Map.entry("career history", Kind.EXPERIENCE),
            Map.entry("is deneyimi", Kind.EXPERIENCE), Map.entry("deneyim", Kind.EXPERIENCE),
            Map.entry("is tecrubesi", Kind.EXPERIENCE), Map.entry("tecrube", Kind.EXPERIENCE),
            Map.entry("is deneyimleri", Kind.EXPERIENCE), Map.entry("deneyimler", Kind.EXPERIENCE),
            Map.entry("profesyonel deneyim", Kind.EXPERIENCE),
            Map.entry("education", Kind.EDUCATION), Map.entry("academic background", Kind.EDUCATION),
            Map.entry("egitim", Kind.EDUCATION), Map.entry("egitim bilgileri", Kind.EDUCATION),
            Map.entry("ogrenim", Kind.EDUCATION), Map.entry("ogrenim bilgileri", Kind.EDUCATION),
            Map.entry("skills", Kind.SKILLS), Map.entry("technical skills", Kind.SKILLS),
            Map.entry("core skills", Kind.SKILLS), Map.entry("competencies", Kind.SKILLS),
            Map.entry("yetenekler", Kind.SKILLS), Map.entry("beceriler", Kind.SKILLS),
            Map.entry("yetkinlikler", Kind.SKILLS), Map.entry("teknik beceriler", Kind.SKILLS),
            Map.entry("languages", Kind.LANGUAGES), Map.entry("yabanci diller", Kind.LANGUAGES),
            Map.entry("diller", Kind.LANGUAGES), Map.entry("yabanci dil", Kind.LANGUAGES),
            Map.entry("certificates", Kind.CERTIFICATES), Map.entry("certifications", Kind.CERTIFICATES),
            Map.entry("sertifikalar", Kind.CERTIFICATES), Map.entry("kurslar", Kind.CERTIFICATES),
            Map.entry("projects", Kind.PROJECTS), Map.entry("projeler", Kind.PROJECTS),
            Map.entry("references", Kind.REFERENCES), Map.entry("referees", Kind.REFERENCES),
            Map.entry("referanslar", Kind.REFERENCES), Map.entry("referans", Kind.REFERENCES),
            Map.entry("personal information", Kind.PERSONAL), Map.entry("personal details", Kind.PERSONAL),
            Map.entry("personal data", Kind.PERSONAL), Map.entry("contact", Kind.PERSONAL),
            Map.entry("contact information", Kind.PERSONAL), Map.entry("contact details", Kind.PERSONAL),
            Map.entry("kisisel bilgiler", Kind.PERSONAL), Map.entry("iletisim", Kind.PERSONAL),
            Map.entry("iletisim bilgileri", Kind.PERSONAL),
            Map.entry("hobbies", Kind.HOBBIES), Map.entry("interests", Kind.HOBBIES),
            Map.entry("hobiler", Kind.HOBBIES), Map.entry("ilgi alanlari", Kind.HOBBIES));

    private static final Pattern DECORATION = Pattern.compile("^[\\s#*=_\\-•:|]+|[\\s#*=_\\-•:|]+$");

    private CvSections() {
    }

    /** The section a line opens, or null when the line is not a heading. */
    static Kind heading(String line) {
        String key = fold(DECORATION.matcher(line).replaceAll(""));
        if (key.isEmpty() || key.length() > 40) {
            return null;
        }
        return HEADINGS.get(key);
    }

    /** Lower-case ASCII form used to compare Turkish and English words without diacritics. */
    static String fold(String text) {
        String lower = text.replace('İ', 'i').replace('I', 'i').toLowerCase(new Locale("tr"));
        return Normalizer.normalize(lower.replace('ı', 'i'), Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .replaceAll("\\s+", " ").trim();
    }
}
