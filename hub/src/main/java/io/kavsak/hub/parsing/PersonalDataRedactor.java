package io.kavsak.hub.parsing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Removes what identifies a person from CV text before anything else reads it (KVKK/GDPR): names,
 * e-mail addresses, phone numbers, national ids (TC Kimlik with its checksum), birth dates, postal
 * addresses, profile links, and the personal-details and references sections. Applied again to every
 * string of a parsed profile before it is stored.
 */
@Component
public class PersonalDataRedactor {

    static final String MARK = "[redacted]";

    private static final Pattern EMAIL = Pattern.compile("[\\p{L}0-9._%+-]+@[\\p{L}0-9.-]+\\.[\\p{L}]{2,}");
    private static final Pattern PROFILE_LINK = Pattern.compile(
            "(?i)(https?://)?(www\\.)?(linkedin\\.com|github\\.com|facebook\\.com|twitter\\.com|x\\.com"
                    + "|instagram\\.com|t\\.me|wa\\.me)/\\S*");
    private static final Pattern PHONE_CANDIDATE = Pattern.compile("(?<![\\w])\\+?\\(?\\d[\\d\\s().\\-/]{7,20}\\d(?![\\w])");
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("(?<!\\d)\\d{11}(?!\\d)");
    private static final Pattern SSN = Pattern.compile("(?<!\\d)\\d{3}-\\d{2}-\\d{4}(?!\\d)");
    private static final Pattern IBAN = Pattern.compile("(?i)\\bTR\\d{2}[\\s]?(\\d{4}[\\s]?){5}\\d{2}\\b");
    private static final Pattern FULL_DATE = Pattern.compile(
            "(?<!\\d)(0?[1-9]|[12]\\d|3[01])[./-](0?[1-9]|1[0-2])[./-](19|20)\\d{2}(?!\\d)");
    private static final Pattern YEAR_GROUPS = Pattern.compile("^[\\s\\-–—/.()]*((19|20)\\d{2}[\\s\\-–—/.()]*)+$");

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
            + "|ssn|social security number|passport( no)?|pasaport( no)?"
            + "|phone|telephone|tel|mobile|cell|gsm|cep|cep tel|telefon|e-?mail|e-?posta|mail"
            + "|linkedin|github|web|website|photo|fotoğraf|fotograf|driver'?s? licen[cs]e no"
            + ")\\s*[:：\\-–]\\s*.*$");
    private static final Pattern NAME_LABEL = Pattern.compile(
            "(?iu)^\\s*(name|full name|ad soyad|adı soyadı|adi soyadi|isim|ad-soyad)\\s*[:：\\-–]\\s*(.+)$");
    private static final Pattern ADDRESS_WORDS = Pattern.compile("(?iu)(\\b(mahallesi|mah\\.|mh\\.|sokak|sokağı"
            + "|sok\\.|sk\\.|caddesi|cad\\.|cd\\.|bulvarı|blv\\.|apartmanı|apt\\.|daire|kat:|street|avenue|ave\\."
            + "|road|boulevard|suite|posta kodu|postal code|zip code|p\\.?o\\.? box)(?!\\p{L}))|\\bno\\s*:\\s*\\d+");
    /** Words that make a short capitalised header line a job title rather than a person's name. */
    private static final Pattern ROLE_WORDS = Pattern.compile("(?iu)\\b(engineer|developer|manager|analyst|designer"
            + "|architect|consultant|specialist|scientist|lead|senior|junior|intern|director|officer|administrator"
            + "|accountant|teacher|nurse|doctor|technician|assistant|executive|programmer|tester|student|sales"
            + "|mühendis\\p{L}*|muhendis\\p{L}*|geliştirici|gelistirici|uzman\\p{L}*|müdür\\p{L}*|mudur\\p{L}*"
            + "|yönetici|yonetici|analist|tasarımcı|tasarimci|danışman|danisman|öğretmen|ogretmen|hemşire"
            + "|muhasebe\\p{L}*|teknisyen|stajyer|öğrenci|ogrenci|sorumlu\\p{L}*|curriculum|vitae|resume|cv"
            + "|özgeçmiş|ozgecmis)\\b");
    private static final Pattern NAME_LINE = Pattern.compile(
            "^\\s*(\\p{Lu}[\\p{L}'’.-]*)(\\s+\\p{Lu}[\\p{L}'’.-]*){1,3}\\s*$");

    /** The redacted text and the name words found in it, to be scrubbed from anything derived later. */
    public record Redaction(String text, Set<String> nameTokens) {
    }

    public Redaction redact(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        Set<String> names = new LinkedHashSet<>();
        List<String> kept = new ArrayList<>();
        boolean dropping = false;
        boolean seenContent = false;
        for (String line : lines) {
            CvSections.Kind heading = CvSections.heading(line);
            if (heading != null) {
                dropping = heading == CvSections.Kind.REFERENCES || heading == CvSections.Kind.PERSONAL;
                if (!dropping) {
                    kept.add(line);
                }
                seenContent = true;
                continue;
            }
            if (dropping) {
                collectLabelledName(line, names);
                continue;
            }
            if (collectLabelledName(line, names) || PERSONAL_LABEL.matcher(line).matches()
                    || ADDRESS_WORDS.matcher(line).find()) {
                continue;
            }
            if (!seenContent && !line.isBlank()) {
                seenContent = true;
                if (NAME_LINE.matcher(line).matches() && !ROLE_WORDS.matcher(line).find()) {
                    addNameTokens(line, names);
                    continue;
                }
            }
            kept.add(line);
        }
        String joined = String.join("\n", kept);
        return new Redaction(scrub(joined, names), Set.copyOf(names));
    }

    /** Replaces every detectable identifier inside a value, and the given name words. */
    public String scrub(String value, Set<String> nameTokens) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String out = EMAIL.matcher(value).replaceAll(MARK);
        out = PROFILE_LINK.matcher(out).replaceAll(MARK);
        out = IBAN.matcher(out).replaceAll(MARK);
        out = SSN.matcher(out).replaceAll(MARK);
        out = replaceIf(ELEVEN_DIGITS, out, PersonalDataRedactor::isTcKimlik);
        out = FULL_DATE.matcher(out).replaceAll(MARK);
        out = replaceIf(PHONE_CANDIDATE, out, PersonalDataRedactor::isPhone);
        for (String name : nameTokens) {
            out = out.replaceAll("(?<!\\p{L})" + Pattern.quote(name) + "(?!\\p{L})", MARK);
            String upper = name.toUpperCase(new java.util.Locale("tr"));
            if (!upper.equals(name)) {
                out = out.replaceAll("(?<!\\p{L})" + Pattern.quote(upper) + "(?!\\p{L})", MARK);
            }
        }
        if (ADDRESS_WORDS.matcher(out).find() || PERSONAL_LABEL.matcher(out).find()) {
            StringBuilder clean = new StringBuilder();
            for (String line : out.split("\n", -1)) {
                if (!ADDRESS_WORDS.matcher(line).find() && !PERSONAL_LABEL.matcher(line).matches()) {
                    clean.append(clean.isEmpty() ? "" : "\n").append(line);
                }
            }
            out = clean.toString();
        }
        return out;
    }

    /** True when a value still holds something the scrubber would remove. */
    public boolean containsPersonalData(String value, Set<String> nameTokens) {
        return value != null && !scrub(value, nameTokens).equals(value);
    }

    static boolean isTcKimlik(String digits) {
        if (digits.length() != 11 || digits.charAt(0) == '0') {
            return false;
        }
        int[] d = digits.chars().map(c -> c - '0').toArray();
        int odd = d[0] + d[2] + d[4] + d[6] + d[8];
        int even = d[1] + d[3] + d[5] + d[7];
        int tenth = Math.floorMod(odd * 7 - even, 10);
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += d[i];
        }
        return d[9] == tenth && d[10] == sum % 10;
    }

    static boolean isPhone(String candidate) {
        long digits = candidate.chars().filter(Character::isDigit).count();
        if (digits < 10 || digits > 13 || YEAR_GROUPS.matcher(candidate).matches()) {
            return false;
        }
        // month/year ranges such as 01/2018 - 03/2021 are dates, not numbers to call
        return !candidate.matches(".*\\b(0?[1-9]|1[0-2])[./](19|20)\\d{2}\\b.*");
    }

    private static boolean collectLabelledName(String line, Set<String> names) {
        Matcher m = NAME_LABEL.matcher(line);
        if (m.matches()) {
            addNameTokens(m.group(2), names);
            return true;
        }
        return false;
    }

    private static void addNameTokens(String value, Set<String> names) {
        for (String word : value.trim().split("[\\s,]+")) {
            String token = word.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
            if (token.length() >= 2) {
                names.add(token.substring(0, 1).toUpperCase(new java.util.Locale("tr"))
                        + token.substring(1).toLowerCase(new java.util.Locale("tr")));
            }
        }
    }

    private static String replaceIf(Pattern pattern, String text, java.util.function.Predicate<String> test) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(test.test(m.group()) ? MARK : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
