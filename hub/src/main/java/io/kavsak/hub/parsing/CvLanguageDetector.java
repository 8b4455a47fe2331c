package io.kavsak.hub.parsing;

import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Tells English from Turkish CVs, deterministically: Turkish letters and frequent function and CV
 * words of each language are counted; too little evidence gives no language (null).
 */
@Component
public class CvLanguageDetector {

    private static final Set<String> ENGLISH = Set.of("the", "and", "of", "with", "in", "for", "to", "at", "on",
            "experience", "education", "skills", "university", "present", "responsible", "developed", "worked",
            "team", "summary", "years", "work", "as", "an", "a", "is", "my", "using", "project", "projects",
            "managed", "led", "degree", "bachelor", "master", "engineer", "software", "content", "test", "here");
    private static final Set<String> TURKISH = Set.of("ve", "bir", "ile", "için", "olarak", "bu", "da", "de",
            "deneyim", "deneyimi", "eğitim", "üniversitesi", "yetenekler", "beceriler", "çalıştım", "görev",
            "sorumlu", "yıl", "halen", "günümüz", "mühendisi", "lisans", "yüksek", "projeler", "geliştirme",
            "yazılım", "özet", "hakkımda", "iş", "olan", "çok", "şirketi", "tecrübe", "bölümü", "fakültesi");
    private static final String TURKISH_LETTERS = "çğışöüÇĞİŞÖÜ";

    /** "en", "tr", or null when the text says too little. */
    public String detect(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        double english = 0;
        double turkish = 0;
        for (char c : text.toCharArray()) {
            if (TURKISH_LETTERS.indexOf(c) >= 0) {
                turkish += 0.5;
            }
        }
        for (String word : text.toLowerCase(new Locale("tr")).split("[^\\p{L}]+")) {
            if (ENGLISH.contains(word.replace('ı', 'i'))) {
                english++;
            }
            if (TURKISH.contains(word)) {
                turkish++;
            }
        }
        if (english + turkish < 2) {
            return null;
        }
        return turkish > english ? "tr" : "en";
    }
}
