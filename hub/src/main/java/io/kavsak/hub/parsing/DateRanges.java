package io.kavsak.hub.parsing;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds employment periods such as "Jan 2018 - Present" or "03/2016 – 05/2019" in English and Turkish. */
final class DateRanges {

    record Period(YearMonth start, YearMonth end, boolean current, int from, int to) {
        String startText() {
            return start.toString();
        }

        String endText() {
            return current ? null : end.toString();
        }
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10),
            Map.entry("nov", 11), Map.entry("dec", 12), Map.entry("oca", 1), Map.entry("sub", 2), Map.entry("nis", 4),
            Map.entry("haz", 6), Map.entry("tem", 7), Map.entry("agu", 8), Map.entry("eyl", 9), Map.entry("eki", 10),
            Map.entry("kas", 11), Map.entry("ara", 12));
    private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
            + "|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|ocak|şubat|subat|mart"
            + "|nisan|mayıs|mayis|haziran|temmuz|ağustos|agustos|eylül|eylul|ekim|kasım|kasim|aralık|aralik)";
    private static final String DATE = "(?:(" + MONTH + ")\\.?\\s+|(\\d{1,2})[./])?((?:19|20)\\d{2})";
    private static final String NOW = "(present|current|now|today|ongoing|halen|günümüz|gunumuz|hala|hâlâ"
            + "|devam ediyor|şu an|su an)";
    private static final Pattern RANGE = Pattern.compile("(?iu)" + DATE + "\\s*(?:-|–|—|to|till|until|ile)\\s*(?:"
            + DATE + "|" + NOW + ")");

    private DateRanges() {
    }

    static List<Period> find(String line, YearMonth today) {
        List<Period> periods = new ArrayList<>();
        Matcher m = RANGE.matcher(line);
        while (m.find()) {
            YearMonth start = date(m.group(1), m.group(2), m.group(3), 1);
            boolean current = m.group(7) != null;
            YearMonth end = current ? today : date(m.group(4), m.group(5), m.group(6), 12);
            if (start != null && end != null && !end.isBefore(start) && !start.isAfter(today)) {
                periods.add(new Period(start, end.isAfter(today) ? today : end, current, m.start(), m.end()));
            }
        }
        return periods;
    }

    /** Total years covered by the periods, overlaps counted once, to one decimal. */
    static Double totalYears(List<Period> periods) {
        if (periods.isEmpty()) {
            return null;
        }
        List<Period> sorted = new ArrayList<>(periods);
        sorted.sort(Comparator.comparing(Period::start));
        long months = 0;
        YearMonth runStart = null;
        YearMonth runEnd = null;
        for (Period p : sorted) {
            if (runEnd == null || p.start().isAfter(runEnd)) {
                if (runEnd != null) {
                    months += monthsInclusive(runStart, runEnd);
                }
                runStart = p.start();
                runEnd = p.end();
            } else if (p.end().isAfter(runEnd)) {
                runEnd = p.end();
            }
        }
        months += monthsInclusive(runStart, runEnd);
        return Math.round(months / 1.2) / 10.0;
    }

    private static long monthsInclusive(YearMonth start, YearMonth end) {
        return start.until(end, java.time.temporal.ChronoUnit.MONTHS) + 1;
    }

    private static YearMonth date(String monthName, String monthNumber, String year, int defaultMonth) {
        if (year == null) {
            return null;
        }
        int month = defaultMonth;
        if (monthName != null) {
            String key = CvSections.fold(monthName);
            month = MONTHS.getOrDefault(key.length() >= 3 ? key.substring(0, 3) : key, defaultMonth);
        } else if (monthNumber != null) {
            int n = Integer.parseInt(monthNumber);
            if (n >= 1 && n <= 12) {
                month = n;
            }
        }
        return YearMonth.of(Integer.parseInt(year), month);
    }
}
