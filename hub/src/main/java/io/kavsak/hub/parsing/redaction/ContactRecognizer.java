package io.kavsak.hub.parsing.redaction;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E-mail addresses, web links and handles, and phone numbers. Phones are found by libphonenumber
 * for the regions CVs here come from (international numbers in any region), and by a looser digit
 * pattern next to a phone label or in the usual grouping, which libphonenumber rejects when fictional.
 */
public final class ContactRecognizer implements PiiRecognizer {

    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{L}0-9._%+-]+\\s?(?:@|\\(at\\)|\\[at\\])\\s?[\\p{L}0-9-]+(?:\\.[\\p{L}0-9-]+)*\\.\\p{L}{2,}");
    /** Any link with a scheme or www, and bare host/path links; a bare domain alone may be an employer. */
    private static final Pattern URL = Pattern.compile("(?i)(?:https?://|www\\.)[^\\s<>\"')\\]]+"
            + "|\\b[a-z0-9][a-z0-9-]*(?:\\.[a-z0-9-]+)*\\.(?:com|net|org|io|dev|me|co|tr|de|uk|app|page|site|info"
            + "|tech|xyz|ai)(?:\\.[a-z]{2})?/[^\\s<>\"')\\]]+");
    private static final Pattern PROFILE_HOST = Pattern.compile("(?i)\\b(?:linkedin|github|gitlab|bitbucket"
            + "|behance|dribbble|medium|stackoverflow|twitter|x|instagram|facebook|kaggle)\\.com\\b\\S*");
    private static final Pattern HANDLE = Pattern.compile("(?<![\\w.@])@[A-Za-z0-9_][A-Za-z0-9_.-]{1,38}\\b");
    private static final Pattern PHONE_CANDIDATE = Pattern.compile(
            "(?<![\\w+])(?:\\+|00)?\\(?\\d[\\d\\s().\\-/]{6,22}\\d(?![\\w])");
    private static final Pattern YEAR_GROUPS = Pattern.compile("^[\\s\\-–—/.()]*((19|20)\\d{2}[\\s\\-–—/.()]*)+$");
    private static final Pattern MONTH_YEAR = Pattern.compile(".*\\b(0?[1-9]|1[0-2])[./](19|20)\\d{2}\\b.*");
    private static final List<String> REGIONS = List.of("TR", "GB", "US", "DE");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    @Override
    public void find(String text, List<PiiSpan> found) {
        add(EMAIL, text, found, "email");
        add(URL, text, found, "url");
        add(PROFILE_HOST, text, found, "profile-link");
        add(HANDLE, text, found, "handle");
        for (String region : REGIONS) {
            for (PhoneNumberMatch match : phones.findNumbers(text, region, PhoneNumberUtil.Leniency.VALID,
                    Long.MAX_VALUE)) {
                found.add(new PiiSpan(match.start(), match.end(), PiiSpan.Kind.CONTACT, "phone"));
            }
        }
        Matcher m = PHONE_CANDIDATE.matcher(text);
        while (m.find()) {
            if (isPhone(m.group())) {
                found.add(new PiiSpan(m.start(), m.end(), PiiSpan.Kind.CONTACT, "phone-pattern"));
            }
        }
    }

    /** Ten to fifteen digits in phone grouping, and not years or month/year ranges. */
    public static boolean isPhone(String candidate) {
        long digits = candidate.chars().filter(Character::isDigit).count();
        if (digits < 10 || digits > 15 || YEAR_GROUPS.matcher(candidate).matches()) {
            return false;
        }
        // 01/2018 - 03/2021 and 01.02.1990 are dates, not numbers to call
        return !MONTH_YEAR.matcher(candidate).matches();
    }

    private static void add(Pattern pattern, String text, List<PiiSpan> found, String name) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int end = m.end();
            while (end > m.start() && ".,;:".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            found.add(new PiiSpan(m.start(), end, PiiSpan.Kind.CONTACT, name));
        }
    }
}
