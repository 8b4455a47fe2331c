package io.kavsak.hub.parsing.redaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Postal addresses in lines and in prose. An anchor (a house number before a street word from
 * datafaker's street-suffix list, a Turkish "Mah./Cad./Sok./No:" part, a German "-straße 12", a UK,
 * US or five-digit postcode, or "I live at" / "adresim") is widened over the capitalised words,
 * numbers and address words around it, up to a lower-case word, a bracket or the end of a sentence.
 */
public final class AddressRecognizer implements PiiRecognizer {

    private static final String EXTRA_SUFFIXES = "St|Rd|Ave|Av|Blvd|Ln|Dr|Ct|Pl|Sq|Hwy|Pkwy|Ter|Terr|Cres|Cl"
            + "|Close|Gate|Wharf|Embankment|Broadway";
    private static final Pattern TR_PART = Pattern.compile("(?u)(?<![\\p{L}])(?:Mah(?:allesi|\\.)|Mh\\.|Cad(?:desi|\\.)"
            + "|Cd\\.|Sok(?:ak|ağı|agi|\\.)|Sk\\.|Bulvarı|Bulvari|Blv\\.|Bul\\.|Apt\\.|Apartmanı|Apartmani|Sitesi|Blok"
            + "|Köyü|Mevkii|Mahallesi|Caddesi|Sokak|Sokağı)(?![\\p{L}])|(?i:\\bno\\s?[:.]\\s?\\d+\\s?/?\\s?\\d*"
            + "|\\bdaire\\s?[:.]?\\s?\\d+|\\bkat\\s?[:.]\\s?\\d+)");
    private static final Pattern DE_STREET = Pattern.compile("(?u)\\b\\p{Lu}[\\p{L}-]*(?i:straße|strasse|str\\."
            + "|weg|gasse|platz|allee|damm|ufer|ring)\\s+\\d{1,4}[a-z]?\\b");
    /** Street first, number after: "Schönhauser Allee 112", "Rua Augusta 120", "Calle de Alcalá 250". */
    private static final Pattern STREET_THEN_NUMBER = Pattern.compile("(?u)(?<![\\p{L}])(?:(?:Calle|Rua|Avenida|Av\\.|Rue|Via"
            + "|Viale|Carrer|Praça|Plaza|Paseo|Piazza|Largo|Travessa|ul\\.|al\\.|os\\.|Street|Road)\\s+(?:(?:de|del|da|do|dos|das|la|le|des|di)\\s+)*"
            + "(?:\\p{Lu}[\\p{L}'’-]*\\s+){0,3}|(?:\\p{Lu}[\\p{L}'’-]*\\s+){1,2}(?:Allee|Straße|Strasse|Weg|Platz"
            + "|Gasse|Ring|Damm|Ufer|Chaussee|Markt)\\s+)\\d{1,4}[a-zA-Z]?\\b");
    private static final Pattern UK_POSTCODE = Pattern.compile("\\b[A-Z]{1,2}\\d[A-Z\\d]?\\s\\d[A-Z]{2}\\b");
    private static final Pattern US_STATE_ZIP = Pattern.compile(",\\s*[A-Z]{2}\\s+\\d{5}(?:-\\d{4})?\\b");
    private static final Pattern FIVE_DIGIT_POSTCODE = Pattern.compile("(?u)(?<![\\d.,])(?:\\d{5}|\\d{4}-\\d{3}"
            + "|\\d{2}-\\d{3})\\s+\\p{Lu}\\p{Ll}+|(?<![\\d.,-])\\d{5}-\\d{3}(?![\\d-])");
    /** Irish Eircode (D02 XY45). */
    private static final Pattern EIRCODE = Pattern.compile("\\b(?:[AC-FHKNPRTV-Y]\\d{2}|D6W)\\s?[0-9AC-FHKNPRTV-Y]{4}\\b");
    private static final Pattern PO_BOX = Pattern.compile("(?i)\\bP\\.?\\s?O\\.?\\s?Box\\s+\\d+|\\bposta kutusu\\b");
    private static final Pattern LIVE_CUE = Pattern.compile("(?iu)\\b(?:i live|we live|i'm living|i am living"
            + "|living|lives|reside|residing|resides|my address is|my home address is|home address|based)"
            + "\\s+(?:at|on|in)\\s+|\\b(?:adresim|ev adresim|ikametgahım|ikametgâhım)\\s*:?\\s*");
    private static final Pattern LEFT_WORDS = Pattern.compile("(?u)((?:[\\p{Lu}\\d][\\p{L}\\p{M}\\d'’-]*[.,]?\\s+){1,4})$");
    private static final Pattern STEP = Pattern.compile("(?u)\\G([ \\t]*(?:\\n[ \\t]*)?)([\\p{L}\\p{M}\\d][\\p{L}\\p{M}\\d'’-]*\\.?"
            + "|[,/:#–-])");
    private static final Set<String> ADDRESS_WORDS = Set.of("no", "daire", "kat", "mahallesi", "mah", "mh", "sokak",
            "sok", "sk", "sokağı", "cadde", "caddesi", "cad", "cd", "bulvarı", "blv", "apt", "apartmanı", "sitesi",
            "blok", "d", "street", "st", "road", "rd", "avenue", "ave", "flat", "suite", "unit", "floor", "posta",
            "kodu", "box", "po", "apartment", "of", "the", "de", "la", "am", "an", "der", "apto", "ap", "andar", "bloco",
            "casa", "ul", "al", "os", "m", "plot", "villa", "block");
    private static final Set<String> ABBREVIATIONS = Set.of("mah.", "mh.", "cad.", "cd.", "sok.", "sk.", "blv.",
            "bul.", "apt.", "no.", "st.", "rd.", "ave.", "dr.", "ln.", "str.", "d.", "n.", "nr.");

    private final Pattern enStreet;

    public AddressRecognizer() {
        this.enStreet = Pattern.compile("(?u)(?<![\\p{L}\\d])(?:(?:Flat|Apt\\.?|Apartment|Unit|Suite|Plot|Villa|House|Block)\\s+\\w+,?\\s+)?"
                + "\\d{1,5}[A-Za-z]?(?:[-/]\\d{1,4}[A-Za-z]?)?,?\\s+(?:\\p{Lu}[\\p{L}'’.-]*\\s+){1,4}(?:"
                + String.join("|", streetSuffixes()) + "|" + EXTRA_SUFFIXES + ")(?![\\p{L}])\\.?");
    }

    /** The street words datafaker ships for English addresses (Street, Road, Lane, Mews ...). */
    @SuppressWarnings("unchecked")
    private static List<String> streetSuffixes() {
        try (InputStream in = net.datafaker.Faker.class.getClassLoader().getResourceAsStream("en/address.yml")) {
            if (in == null) {
                throw new IllegalStateException("datafaker's en/address.yml is missing");
            }
            Map<String, Object> root = new Yaml(new LoaderOptions()).load(in);
            Map<String, Object> faker = (Map<String, Object>) ((Map<String, Object>) root.get("en")).get("faker");
            List<String> suffixes = (List<String>) ((Map<String, Object>) faker.get("address")).get("street_suffix");
            return suffixes.stream().map(Pattern::quote).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void find(String text, List<PiiSpan> found) {
        List<int[]> anchors = new ArrayList<>();
        collect(enStreet, text, anchors, false);
        collect(TR_PART, text, anchors, true);
        collect(DE_STREET, text, anchors, true);
        collect(STREET_THEN_NUMBER, text, anchors, false);
        collect(UK_POSTCODE, text, anchors, true);
        collect(US_STATE_ZIP, text, anchors, true);
        collect(FIVE_DIGIT_POSTCODE, text, anchors, true);
        collect(PO_BOX, text, anchors, false);
        collect(EIRCODE, text, anchors, true);
        Matcher cue = LIVE_CUE.matcher(text);
        while (cue.find()) {
            int end = widenRight(text, cue.end());
            if (end > cue.end()) {
                found.add(new PiiSpan(cue.end(), end, PiiSpan.Kind.ADDRESS, "address-cue"));
            }
        }
        for (int[] anchor : anchors) {
            int start = anchor[0];
            if (anchor[2] == 1) {
                int lineStart = text.lastIndexOf('\n', start - 1) + 1;
                Matcher left = LEFT_WORDS.matcher(text.substring(lineStart, start));
                if (left.find() && !ADDRESS_STOP.matcher(left.group(1)).find()) {
                    start = lineStart + left.start(1);
                }
            }
            int lineStart = text.lastIndexOf('\n', start - 1) + 1;
            Matcher unit = LEFT_UNITS.matcher(text.substring(lineStart, start));
            start = unit.find() ? lineStart + unit.start() : start;
            found.add(new PiiSpan(start, widenRight(text, anchor[1]), PiiSpan.Kind.ADDRESS, "address"));
        }
    }

    /** Flat, plot or villa parts written before the street ("Apartment 12, Block C, Grand Canal Quay"). */
    private static final Pattern LEFT_UNITS = Pattern.compile("(?:(?:Flat|Apartment|Apt\\.?|Unit|Suite|Plot|Villa"
            + "|House|Block)\\s+\\w+,?\\s+)+$");

    /** Words that end an address on its left: a job or company line ending in capitals is not part of it. */
    private static final Pattern ADDRESS_STOP = Pattern.compile("(?i)\\b(?:inc|ltd|llc|gmbh|a\\.ş|corp)\\b");

    private static void collect(Pattern pattern, String text, List<int[]> anchors, boolean widenLeft) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int start = m.start();
            while (start < m.end() && (text.charAt(start) == ',' || Character.isWhitespace(text.charAt(start)))) {
                start++;
            }
            anchors.add(new int[] {start, m.end(), widenLeft ? 1 : 0});
        }
    }

    /** Extends an address over the capitalised words, numbers and address words that follow it. */
    static int widenRight(String text, int from) {
        Matcher step = STEP.matcher(text);
        int end = from;
        int position = from;
        int words = 0;
        String previous = ",";
        while (words < 14 && position < text.length()) {
            step.region(position, text.length());
            if (!step.find()) {
                break;
            }
            String gap = step.group(1);
            String token = step.group(2);
            if (gap.contains("\n") && !",".equals(previous)) {
                break;
            }
            char first = token.charAt(0);
            String bare = token.endsWith(".") ? token.substring(0, token.length() - 1) : token;
            String lower = bare.toLowerCase(Locale.ROOT);
            boolean punctuation = token.length() == 1 && ",/:#–-".indexOf(first) >= 0;
            boolean word = Character.isUpperCase(first) || Character.isDigit(first) || ADDRESS_WORDS.contains(lower);
            if (!punctuation && !word) {
                break;
            }
            position = step.end();
            if (!punctuation) {
                words++;
                if (token.endsWith(".") && !ABBREVIATIONS.contains(token.toLowerCase(Locale.ROOT))
                        && !bare.chars().allMatch(Character::isDigit)) {
                    end = step.end() - 1;
                    break;
                }
                end = step.end();
            }
            previous = token;
        }
        return end;
    }
}
