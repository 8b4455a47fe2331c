package io.kavsak.hub.parsing.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Birth dates and ages, English and Turkish. Every full date (day, month and year, in digits or
 * words) is taken: a CV's periods are months and years, so a full date is nearly always a birth date.
 * A year or month alone is taken only after or before a birth word ("born in 1990", "1990 doğumluyum")
 * and ages only with an age word ("34 years old", "34 yaşındayım").
 */
public final class BirthDateRecognizer implements PiiRecognizer {

    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
            + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|ocak|şubat|subat|mart"
            + "|nisan|mayıs|mayis|haziran|temmuz|ağustos|agustos|eylül|eylul|ekim|kasım|kasim|aralık|aralik"
            + "|januar|februar|märz|maerz|juni|juli|oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio"
            + "|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|juin|juillet|août"
            + "|septembre|octobre|novembre|décembre)\\.?";
    private static final String ORDINAL_WORD = "(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
            + "|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
            + "|twentieth|twenty[- ]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth"
            + "|thirty[- ]?first)";
    private static final String TR_UNIT = "(?:bir|iki|üç|dört|beş|altı|yedi|sekiz|dokuz)";
    /** Turkish day numbers in words; a lone "on" (ten) is left out, it is an English word too. */
    private static final String TR_NUMBER_WORD = "(?:(?:yirmi|otuz)(?:\\s?" + TR_UNIT + ")?|on\\s?" + TR_UNIT + "|"
            + TR_UNIT + ")";
    private static final String NUMBER_WORD = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            + "|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
            + "|seventy|eighty|ninety|oh|hundred|and)";
    private static final String YEAR_WORDS = "(?:nineteen|twenty|two thousand)(?:[- ]" + NUMBER_WORD + "){1,3}"
            + "|(?:bin dokuz yüz|iki bin)(?:\\s?(?:" + TR_NUMBER_WORD + "|kırk|elli|altmış|yetmiş|seksen|doksan)){0,3}";
    private static final String DAY = "(?:\\d{1,2}(?:st|nd|rd|th|\\.)?|" + ORDINAL_WORD + "|" + TR_NUMBER_WORD + ")";
    private static final String YEAR = "(?:(?:19|20)\\d{2}|" + YEAR_WORDS + ")";

    private static final Pattern NUMERIC = Pattern.compile(
            "(?<![\\d.])(?:(?:0?[1-9]|[12]\\d|3[01])[./-](?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\\d|3[01]))"
                    + "[./-](?:19|20)\\d{2}(?![\\d])|(?<!\\d)(?:19|20)\\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])"
                    + "(?!\\d)");
    private static final Pattern DAY_MONTH_YEAR = Pattern.compile("(?iu)\\b(?:the\\s+)?" + DAY
            + "\\s+(?:of\\s+|de\\s+)?" + MONTH + ",?\\s+(?:of\\s+|in\\s+|de\\s+)?" + YEAR + "\\b");
    private static final Pattern MONTH_DAY_YEAR = Pattern.compile("(?iu)\\b" + MONTH + "\\s+(?:the\\s+)?" + DAY
            + ",?\\s+" + YEAR + "\\b");
    /** A year, month and year or date right after a birth word. */
    private static final Pattern AFTER_BIRTH_WORD = Pattern.compile("(?iu)\\b(?:born|birth|b\\.|dob|d\\.o\\.b\\.?"
            + "|doğum tarihi|dogum tarihi|doğum yılı|geboren)\\b[^\\n\\d]{0,25}?((?:the\\s+)?(?:" + DAY + "\\s+)?"
            + "(?:of\\s+)?(?:" + MONTH + ",?\\s+)?(?:of\\s+|in\\s+)?" + YEAR + ")");
    /** Turkish puts the date before the word: "1990 doğumluyum", "5 Mart 1990'da doğdum". */
    private static final Pattern BEFORE_BIRTH_WORD = Pattern.compile("(?iu)((?:" + DAY + "\\s+)?(?:" + MONTH
            + "\\s+)?" + YEAR + ")(?:['’][a-zçğıöşü]+)?(?:\\s+(?:yılında|tarihinde))?[^\\n.]{0,30}?"
            + "\\b(?:doğumlu\\p{L}*|dogumlu\\p{L}*|doğdum|dogdum|dünyaya gel\\p{L}*)");
    private static final Pattern AGE = Pattern.compile("(?iu)\\b(?:aged?\\s*:?\\s*\\d{2}\\b|(?<=turned\\s)\\d{2}\\b|\\d{2}\\s*(?:years old"
            + "|year-old|yrs old|yaşında\\p{L}*|yasinda\\p{L}*)|yaş\\s*:?\\s*\\d{2}\\b|\\d{2}\\s+yaş\\p{L}*)");

    @Override
    public void find(String text, List<PiiSpan> found) {
        add(NUMERIC, text, found, 0);
        add(DAY_MONTH_YEAR, text, found, 0);
        add(MONTH_DAY_YEAR, text, found, 0);
        add(AFTER_BIRTH_WORD, text, found, 1);
        add(BEFORE_BIRTH_WORD, text, found, 1);
        add(AGE, text, found, 0);
    }

    private static void add(Pattern pattern, String text, List<PiiSpan> found, int group) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(new PiiSpan(m.start(group), m.end(group), PiiSpan.Kind.BIRTH_DATE, "birth-date"));
        }
    }
}
