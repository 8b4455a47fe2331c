package io.kavsak.hub.parsing.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.IBANValidator;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * National and financial identifiers: TC Kimlik (its two check digits), US SSN (the ranges never
 * issued excluded), UK National Insurance numbers, IBANs of any country (commons-validator: country
 * format and mod-97), payment cards (Luhn), passport numbers (letter-and-digit shape, or any
 * alphanumeric token after a passport word), and long numbers after an id word.
 */
public final class IdentifierRecognizer implements PiiRecognizer {

    private static final Pattern ELEVEN_DIGITS = Pattern.compile("(?<!\\d)[1-9]\\d{10}(?!\\d)");
    private static final Pattern SSN = Pattern.compile("(?<![\\d-])(\\d{3})[- ](\\d{2})[- ](\\d{4})(?![\\d-])");
    private static final Pattern NINO = Pattern.compile(
            "\\b[A-Z]{2}\\s?\\d{2}\\s?\\d{2}\\s?\\d{2}\\s?[A-D]\\b");
    /** Spanish DNI/NIE and Irish PPS numbers end in a mod-23 check letter. */
    private static final Pattern DNI = Pattern.compile("\\b([XYZ]?\\d{7,8})-?([A-Z])\\b");
    private static final Pattern PPS = Pattern.compile("\\b(\\d{7})([A-W])([A-IW]?)\\b");
    private static final Pattern IBAN_START = Pattern.compile("(?i)\\b[A-Z]{2}\\d{2}(?=[\\s]?[A-Z0-9])");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d{4}(?:[ -]?\\d{4}){2}[ -]?\\d{1,7}(?![\\d-])");
    /** The shape most passports share: one or two letters then seven or eight digits (U12345678, AB1234567). */
    private static final Pattern PASSPORT_SHAPE = Pattern.compile("\\b[A-Z]{1,2}\\d{7,8}\\b");
    private static final Pattern ID_CONTEXT = Pattern.compile("(?iu)(passport|pasaport|reisepass|passeport"
            + "|id card|identity card|kimlik|national id|nüfus|personalausweis|driver'?s licen[cs]e|ehliyet no"
            + "|social security|ssn|nino|national insurance|tax id|vergi no|steuer-?id|pps|dni|nie|personnummer|bsn)[^\\n\\d]{0,30}");
    private static final Pattern SERIES = Pattern.compile("(?<![\\p{L}])[A-Z]{1,2} $");
    private static final Pattern ID_TOKEN = Pattern.compile("\\G\\s*(?:no\\.?|number|numarası|nr\\.?|#)?\\s*[:：]?"
            + "\\s*([A-Z0-9][A-Z0-9 -]{4,18}[A-Z0-9])");

    @Override
    public void find(String text, List<PiiSpan> found) {
        Matcher m = ELEVEN_DIGITS.matcher(text);
        while (m.find()) {
            if (isTcKimlik(m.group())) {
                found.add(new PiiSpan(m.start(), m.end(), PiiSpan.Kind.ID, "tc-kimlik"));
            }
        }
        m = SSN.matcher(text);
        while (m.find()) {
            if (isSsn(m.group(1), m.group(2), m.group(3))) {
                found.add(new PiiSpan(m.start(), m.end(), PiiSpan.Kind.ID, "us-ssn"));
            }
        }
        add(NINO, text, found, "uk-nino");
        m = DNI.matcher(text);
        while (m.find()) {
            if (isDni(m.group(1), m.group(2).charAt(0))) {
                found.add(new PiiSpan(m.start(), m.end(), PiiSpan.Kind.ID, "es-dni"));
            }
        }
        m = PPS.matcher(text);
        while (m.find()) {
            if (isPps(m.group(1), m.group(2).charAt(0), m.group(3))) {
                found.add(new PiiSpan(m.start(), m.end(), PiiSpan.Kind.ID, "ie-pps"));
            }
        }
        add(PASSPORT_SHAPE, text, found, "passport");
        findIbans(text, found);
        m = CARD.matcher(text);
        while (m.find()) {
            String digits = m.group().replaceAll("\\D", "");
            if (digits.length() >= 13 && digits.length() <= 19 && LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits)) {
                found.add(new PiiSpan(m.start(), m.end(), PiiSpan.Kind.ID, "payment-card"));
            }
        }
        m = ID_CONTEXT.matcher(text);
        while (m.find()) {
            Matcher token = ID_TOKEN.matcher(text);
            token.region(m.end(), Math.min(text.length(), m.end() + 40));
            if (token.find() && token.group(1).chars().anyMatch(Character::isDigit)) {
                // a series letter the context swallowed stays with the number ("numaram U 09876512")
                int start = token.start(1);
                Matcher series = SERIES.matcher(text.substring(Math.max(0, start - 4), start));
                start = series.find() ? start - series.group().length() : start;
                found.add(new PiiSpan(start, token.end(1), PiiSpan.Kind.ID, "labelled-id"));
            }
        }
    }

    /** The longest run from a country code and check digits that validates as an IBAN. */
    private static void findIbans(String text, List<PiiSpan> found) {
        Matcher m = IBAN_START.matcher(text);
        while (m.find()) {
            StringBuilder compact = new StringBuilder();
            int[] ends = new int[40];
            int i = m.start();
            while (i < text.length() && compact.length() < 34) {
                char c = text.charAt(i);
                if (Character.isLetterOrDigit(c) && c < 128) {
                    compact.append(Character.toUpperCase(c));
                    ends[compact.length()] = i + 1;
                } else if (c != ' ' || i + 1 >= text.length() || !Character.isLetterOrDigit(text.charAt(i + 1))) {
                    break;
                }
                i++;
            }
            for (int length = compact.length(); length >= 15; length--) {
                if (IBANValidator.getInstance().isValid(compact.substring(0, length))) {
                    found.add(new PiiSpan(m.start(), ends[length], PiiSpan.Kind.ID, "iban"));
                    break;
                }
            }
        }
    }

    public static boolean isTcKimlik(String digits) {
        if (digits.length() != 11 || digits.charAt(0) == '0' || !digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int[] d = digits.chars().map(c -> c - '0').toArray();
        int odd = d[0] + d[2] + d[4] + d[6] + d[8];
        int even = d[1] + d[3] + d[5] + d[7];
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += d[i];
        }
        return d[9] == Math.floorMod(odd * 7 - even, 10) && d[10] == sum % 10;
    }

    static boolean isDni(String number, char letter) {
        String digits = number.replace('X', '0').replace('Y', '1').replace('Z', '2');
        return "TRWAGMYFPDXBNJZSQVHLCKE".charAt((int) (Long.parseLong(digits) % 23)) == letter;
    }

    static boolean isPps(String digits, char check, String second) {
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            sum += (digits.charAt(i) - '0') * (8 - i);
        }
        if (!second.isEmpty() && second.charAt(0) != 'W') {
            sum += (second.charAt(0) - 'A' + 1) * 9;
        }
        return "WABCDEFGHIJKLMNOPQRSTUV".charAt(sum % 23) == check;
    }

    /** Area 000, 666 and 900-999, group 00 and serial 0000 were never issued. */
    static boolean isSsn(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        return a != 0 && a != 666 && a < 900 && !"00".equals(group) && !"0000".equals(serial);
    }

    private static void add(Pattern pattern, String text, List<PiiSpan> found, String name) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(new PiiSpan(m.start(), m.end(), PiiSpan.Kind.ID, name));
        }
    }
}
