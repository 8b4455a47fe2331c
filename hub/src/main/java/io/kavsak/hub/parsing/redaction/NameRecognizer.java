package io.kavsak.hub.parsing.redaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Person names in English and Turkish text, without a trained model: runs of capitalised words
 * checked against {@link NameGazetteer} (a known given name or surname next to another capitalised
 * word), words after a cue ("my name is", "I'm", "ben", "adım", "Dr.", "my former manager",
 * "Sayın", "… Bey/Hanım"), name-shaped lines in the CV's header, and then every other occurrence
 * of each name word found, possessives and suffixes included ("Ayşe'nin", "John's").
 */
public final class NameRecognizer {

    private static final Pattern TOKEN = Pattern.compile("\\p{L}[\\p{L}\\p{M}]*(?:[-'’]\\p{L}[\\p{L}\\p{M}]*)*");
    private static final Pattern CHUNK_GAP = Pattern.compile("[ \\t]+|[ \\t]*[\"“”‘’][ \\t]*|[ \\t]*[\"“”‘’]?[ \\t]+");
    private static final Pattern INITIAL_GAP = Pattern.compile("\\.[ \\t]*");
    private static final Pattern CUE_GAP = Pattern.compile("[\\s,:;\\-–—]*");
    /** Cues after which the next words are a name even in lower case ("my name is john doe"). */
    private static final Pattern EXPLICIT_CUE = Pattern.compile("(?iu)(?<![\\p{L}])(?:my name is|my name's|name is"
            + "|benim adım|benim adim|adım|adim|ismim|adı soyadı|adi soyadi|ad soyad|full name|call me)(?![\\p{L}])");
    /** Cues after which a known given name is a name even in lower case ("hi, i'm john"). */
    private static final Pattern INTRO_CUE = Pattern.compile("(?iu)(?<![\\p{L}])(?:i'm|i’m|i am|im|ben)(?![\\p{L}])");
    /** Cues after which capitalised words are a name whatever the lists say. */
    private static final Pattern CONTEXT_CUE = Pattern.compile("(?iu)(?<![\\p{L}])(?:contact person|contact"
            + "|references?\\s*[:–-]|referee\\s*[:–-]|ref\\.?\\s*:|dr\\.?|mr\\.?|mrs\\.?|ms\\.?|miss|mx\\.?|prof\\.?|professor|doç\\.?"
            + "|sayın|sayin|sincerely|regards|signed|name|isim"
            + "|(?:my|former|line|direct|our|previous|then)\\s+(?:\\w+\\s+)?(?:manager|supervisor|mentor|colleague"
            + "|lead|boss|professor|advisor|adviser|teacher|coach|director|cto|ceo|head|referee)"
            + "|referans(?:lar)?\\s*[:–-]|referee\\s*[:–-]|yöneticim|müdürüm|hocam|danışmanım|amirim|referansım|referanslarım|referans olarak"
            + "|reports? to|reported to|worked under|supervision of|supervised by|managed by|led by|mentored by"
            + "|ask for|speak to|talk to|reach out to|recommended by|vouch"
            + "|or just|or simply|known as|aka|a\\.k\\.a\\.?|goes by|nicknamed|takma adım)(?![\\p{L}])");
    /** A greeting opening a line names the writer when a capitalised word follows ("Hi! Seun here"). */
    private static final Pattern GREETING = Pattern.compile("(?iu)(?<![\\p{L}])(?:hi|hello|hey|merhaba|selam)\\s*[!,.]+");
    /** Sentences that give references: their capitalised word runs are people unless they name an organisation. */
    private static final Pattern REFERENCE_CUE = Pattern.compile("(?iu)(?<![\\p{L}])(?:referen|referee|referans)");
    /** Lower-case particles inside a name (Tariq bin Saeed, Ní Fhlaithearta, van der Berg). */
    private static final Set<String> PARTICLES = Set.of("bin", "bint", "ibn", "al", "el", "de", "da", "do", "dos",
            "das", "di", "van", "von", "der", "den", "ni", "o", "mac", "ap", "le", "la", "du", "y");
    /** Job words: a capitalised run right after one and a dash, pipe or comma is an employer ("Analyst — Acme"). */
    private static final Set<String> JOB_WORDS = Set.of("engineer", "developer", "analyst", "manager", "director",
            "consultant", "designer", "specialist", "scientist", "accountant", "architect", "officer", "lead",
            "leader", "head", "president", "vp", "cto", "ceo", "cfo", "coo", "sales", "marketing", "partner", "intern",
            "administrator", "associate", "programmer", "surgeon", "nurse", "teacher", "buyer", "owner",
            "muhendis", "muhendisi", "uzman", "uzmani", "mudur", "muduru", "direktoru", "direktor", "gelistirici",
            "analist", "analisti", "yonetici", "yoneticisi", "lideri", "sefi", "yardimcisi", "tasarimci", "danisman");
    private static final Pattern LOCATIVE = Pattern.compile("(?u)['’](?:da|de|ta|te)(?:ki)?(?![\\p{L}])");
    /** First words of place names (San Diego, São Paulo, Saint Louis). */
    private static final Set<String> PLACE_PREFIXES = Set.of("san", "santa", "santo", "sao", "saint", "sankt", "st");
    private static final Pattern TITLE = Pattern.compile("(?iu)dr|mr|mrs|ms|prof|doç|doc|sir|öğr|ogr|üyesi|uyesi"
            + "|gör|gor|arş|ars|yrd|uzm|av|op");
    private static final Set<String> HONORIFICS_AFTER = Set.of("bey", "hanim", "hoca", "hocam", "abi", "abla");
    private static final Set<String> ORG_WORDS = Set.of("inc", "ltd", "llc", "gmbh", "ag", "co", "corp", "corporation",
            "company", "group", "holding", "bank", "bankasi", "as", "a.s", "technologies", "technology", "teknoloji",
            "software", "systems", "solutions", "labs", "consulting", "partners", "associates", "university",
            "universitesi", "college", "school", "institute", "hospital", "hastanesi", "foundation", "vakfi", "sons",
            "brothers", "plc", "sa", "bv", "nv", "ab", "limited", "studio", "studios", "media", "digital", "capital",
            "ventures", "insurance", "sigorta", "airlines", "motors", "otomotiv", "enerji", "energy", "lisesi",
            "fakultesi", "academy", "akademi", "center", "centre", "merkezi", "ticaret", "sanayi", "san", "tic");
    /** "School of Art", "Bank of America": what follows names the organisation, not a person. */
    private static final Pattern ORG_OF = Pattern.compile("(?iu)(?:\\b(?:school|university|college|institute|bank"
            + "|academy|faculty|department|ministry|museum|council|church|hospital)\\s+of(?:\\s+the)?"
            + "|(?<![\\p{L}])(?:universidade|universidad|université|universite|universität|universita|università"
            + "|instituto|institut|escola|escuela|école|faculdade)\\s+(?:de|da|do|des|der|di|du)?(?:\\s+la)?)\\s*$");
    private static final Set<String> EMPLOYER_CUES = Set.of("at", "@", "joined", "company", "firm", "şirketi",
            "bünyesinde");

    private static final Locale TR = Locale.forLanguageTag("tr");

    private final NameGazetteer names;

    public NameRecognizer(NameGazetteer names) {
        this.names = names;
    }

    private record Token(int start, int end, String text, String folded, boolean capital, boolean upper) {
    }

    /**
     * Finds the names in {@code text}; {@code headerEnd} is where the CV's first section starts (the
     * header above it holds the person's name). Returns the name words found.
     */
    public Set<String> find(String text, List<PiiSpan> found, int headerEnd) {
        return find(text, found, headerEnd, List.of());
    }

    /** As {@link #find(String, List, int)}, with the ranges of the CV's references sections. */
    public Set<String> find(String text, List<PiiSpan> found, int headerEnd, List<int[]> referenceSections) {
        List<Token> tokens = tokens(text, found);
        boolean[] skill = skillWords(tokens);
        List<int[]> nameRuns = new ArrayList<>();
        Set<String> employers = employers(text, tokens, skill);
        chunks(text, tokens, skill, employers, nameRuns);
        cues(text, tokens, nameRuns);
        header(text, tokens, headerEnd, nameRuns);
        references(text, tokens, skill, employers, referenceSections, nameRuns);
        Map<String, String> words = new LinkedHashMap<>();
        for (int[] run : nameRuns) {
            for (int i = run[0]; i < run[1]; i++) {
                Token t = tokens.get(i);
                if (t.folded().length() >= 2) {
                    words.putIfAbsent(t.folded(), t.text().substring(0, 1).toUpperCase(TR)
                            + t.text().substring(1).toLowerCase(TR));
                }
            }
        }
        for (int[] run : nameRuns) {
            for (int i = run[0]; i < run[1]; i++) {
                found.add(new PiiSpan(tokens.get(i).start(), tokens.get(i).end(), PiiSpan.Kind.NAME, "name"));
            }
        }
        for (Token t : tokens) {
            if (words.containsKey(t.folded()) && (t.capital() || !names.isCommon(t.folded()))) {
                found.add(new PiiSpan(t.start(), t.end(), PiiSpan.Kind.NAME, "name"));
            }
        }
        return new LinkedHashSet<>(words.values());
    }

    private List<Token> tokens(String text, List<PiiSpan> found) {
        boolean[] covered = new boolean[text.length() + 1];
        for (PiiSpan span : found) {
            if (span.kind() == PiiSpan.Kind.CONTACT || span.kind() == PiiSpan.Kind.ADDRESS) {
                for (int i = span.start(); i < span.end(); i++) {
                    covered[i] = true;
                }
            }
        }
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (covered[m.start()]) {
                continue;
            }
            String word = m.group();
            int apostrophe = Math.max(word.lastIndexOf('\''), word.lastIndexOf('’'));
            if (apostrophe > 0 && word.length() - apostrophe - 1 <= 5
                    && Character.isLowerCase(word.charAt(apostrophe + 1))) {
                word = word.substring(0, apostrophe);
            }
            boolean upper = word.length() > 1 && word.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
            tokens.add(new Token(m.start(), m.start() + word.length(), word, NameGazetteer.fold(word),
                    Character.isUpperCase(word.charAt(0)), upper));
        }
        return tokens;
    }

    private boolean[] skillWords(List<Token> tokens) {
        boolean[] skill = new boolean[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            String phrase = tokens.get(i).folded();
            for (int j = i + 1; j < Math.min(tokens.size(), i + 4); j++) {
                phrase = phrase + " " + tokens.get(j).folded();
                if (names.skillPhrases().contains(phrase)) {
                    for (int k = i; k <= j; k++) {
                        skill[k] = true;
                    }
                }
            }
        }
        return skill;
    }

    private boolean isName(Token t) {
        return names.isName(t.folded());
    }

    /** Neither a known name nor anything but an ordinary word: ends a name. */
    private boolean isPlainWord(Token t) {
        return names.isCommon(t.folded()) && !isName(t);
    }

    private boolean strong(Token t) {
        return isName(t) && !names.isCommon(t.folded()) && t.folded().length() >= 3;
    }

    private void chunks(String text, List<Token> tokens, boolean[] skill, Set<String> employers, List<int[]> runs) {
        int i = 0;
        while (i < tokens.size()) {
            if (!chunkable(text, tokens, skill, i)) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < tokens.size() && chunkable(text, tokens, skill, j) && joined(text, tokens.get(j - 1), tokens.get(j))) {
                j++;
            }
            if (!employers.contains(phrase(tokens, i, j))) {
                decide(text, tokens, i, j, runs);
            }
            i = j;
        }
    }

    private boolean chunkable(String text, List<Token> tokens, boolean[] skill, int i) {
        Token t = tokens.get(i);
        if (!t.capital() || skill[i] || isPlainWord(t)) {
            return false;
        }
        // short all-capital words inside mixed-case text are acronyms (AWS, SQL, QA), not names
        return !(t.upper() && t.text().length() <= 4 && !lineIsUpper(text, t.start()));
    }

    private static boolean joined(String text, Token a, Token b) {
        String gap = text.substring(a.end(), b.start());
        return CHUNK_GAP.matcher(gap).matches() || (a.text().length() == 1 && INITIAL_GAP.matcher(gap).matches());
    }

    private void decide(String text, List<Token> tokens, int from, int to, List<int[]> runs) {
        int n = to - from;
        if (n > 4 || organisation(text, tokens, from, to)) {
            return;
        }
        // a single word before a job word is part of a title or a department ("Brand Manager")
        if (n == 1 && to < tokens.size() && JOB_WORDS.contains(tokens.get(to).folded())
                && joined(text, tokens.get(from), tokens.get(to))) {
            return;
        }
        int strongCount = 0;
        int known = 0;
        boolean given = false;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            strongCount += strong(t) ? 1 : 0;
            known += isName(t) ? 1 : 0;
            given |= names.isGiven(t.folded());
        }
        boolean firstGiven = names.isGiven(tokens.get(from).folded());
        boolean name = n >= 2 ? strongCount >= 1 || (known >= 2 && given) || firstGiven : strongCount == 1;
        if (!name && n >= 1 && to < tokens.size() && HONORIFICS_AFTER.contains(tokens.get(to).folded())
                && CHUNK_GAP.matcher(text.substring(tokens.get(to - 1).end(), tokens.get(to).start())).matches()) {
            name = true;
        }
        if (name) {
            runs.add(new int[] {from, to});
        }
    }

    /** Capitalised words that name an organisation or a place, by their own words or their neighbours. */
    private boolean organisation(String text, List<Token> tokens, int from, int to) {
        if (followedByOrg(text, tokens, to) || precededByEmployerCue(text, tokens, from)
                || PLACE_PREFIXES.contains(tokens.get(from).folded())) {
            return true;
        }
        for (int i = from; i < to; i++) {
            if (ORG_WORDS.contains(tokens.get(i).folded())) {
                return true;
            }
        }
        int lineStart = text.lastIndexOf('\n', tokens.get(from).start() - 1) + 1;
        // Turkish locative after the run ("Acme'de çalıştım", "Acme'deki yöneticim"): a place or an employer
        return text.substring(Math.max(lineStart, tokens.get(from).start() - 3), tokens.get(from).start()).contains("&")
                || LOCATIVE.matcher(text).region(tokens.get(to - 1).end(), text.length()).lookingAt();
    }

    /** The runs this CV itself shows as an employer ("Engineer | Acme Corp", "at Acme"): never a name elsewhere. */
    private Set<String> employers(String text, List<Token> tokens, boolean[] skill) {
        Set<String> out = new java.util.HashSet<>();
        int i = 0;
        while (i < tokens.size()) {
            if (!chunkable(text, tokens, skill, i)) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < tokens.size() && chunkable(text, tokens, skill, j) && joined(text, tokens.get(j - 1), tokens.get(j))) {
                j++;
            }
            if (j - i <= 4 && organisation(text, tokens, i, j)) {
                out.add(phrase(tokens, i, j));
            }
            i = j;
        }
        return out;
    }

    private static String phrase(List<Token> tokens, int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < to; i++) {
            out.append(i > from ? " " : "").append(tokens.get(i).folded());
        }
        return out.toString();
    }

    /**
     * In the references sections and in sentences giving a reference, runs of two to four capitalised words
     * are people unless they name an organisation; words that are also ordinary words count here.
     */
    private void references(String text, List<Token> tokens, boolean[] skill, Set<String> employers,
                            List<int[]> sections, List<int[]> runs) {
        List<int[]> ranges = new ArrayList<>(sections);
        Matcher cue = REFERENCE_CUE.matcher(text);
        while (cue.find()) {
            int start = Math.max(text.lastIndexOf('\n', cue.start()) + 1, sentenceStart(text, cue.start()));
            ranges.add(new int[] {start, sentenceEnd(text, cue.end())});
        }
        for (int[] range : ranges) {
            int i = 0;
            while (i < tokens.size() && tokens.get(i).start() < range[0]) {
                i++;
            }
            while (i < tokens.size() && tokens.get(i).start() < range[1]) {
                if (!referenceWord(text, tokens, skill, i)) {
                    i++;
                    continue;
                }
                int j = i + 1;
                while (j < tokens.size() && tokens.get(j).start() < range[1]) {
                    Token t = tokens.get(j);
                    boolean afterGiven = t.capital() && names.isGiven(tokens.get(j - 1).folded())
                            && !JOB_WORDS.contains(t.folded()) && !ORG_WORDS.contains(t.folded());
                    if ((referenceWord(text, tokens, skill, j) || afterGiven) && joined(text, tokens.get(j - 1), t)) {
                        j++;
                    } else if (j + 1 < tokens.size() && PARTICLES.contains(tokens.get(j).folded())
                            && !tokens.get(j).capital() && joined(text, tokens.get(j - 1), tokens.get(j))
                            && referenceWord(text, tokens, skill, j + 1)
                            && joined(text, tokens.get(j), tokens.get(j + 1))) {
                        j += 2;
                    } else {
                        break;
                    }
                }
                int words = 0;
                boolean plain = true;
                for (int k = i; k < j; k++) {
                    words += tokens.get(k).capital() ? 1 : 0;
                    plain &= names.isCommon(tokens.get(k).folded()) && !names.isNameLike(tokens.get(k).folded());
                }
                if (words >= 2 && j - i <= 5 && !plain && !employers.contains(phrase(tokens, i, j))
                        && !organisation(text, tokens, i, j)) {
                    runs.add(new int[] {i, j});
                }
                i = j;
            }
        }
    }

    private boolean referenceWord(String text, List<Token> tokens, boolean[] skill, int i) {
        Token t = tokens.get(i);
        return t.capital() && !skill[i] && (!isPlainWord(t) || names.isNameLike(t.folded()))
                && !(t.upper() && t.text().length() <= 4 && !lineIsUpper(text, t.start()));
    }

    private static int sentenceStart(String text, int at) {
        for (int i = at - 1; i > 0; i--) {
            if ((text.charAt(i - 1) == '.' || text.charAt(i - 1) == '!' || text.charAt(i - 1) == '?')
                    && Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    private static int sentenceEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        int end = newline < 0 ? text.length() : newline;
        for (int i = from; i + 1 < end; i++) {
            if ((text.charAt(i) == '.' || text.charAt(i) == '!' || text.charAt(i) == '?')
                    && Character.isWhitespace(text.charAt(i + 1)) && (i < 3 || !text.substring(i - 3, i).matches(
                    "(?i).*\\b(?:dr|mr|ms|mrs|st|no)"))) {
                return i;
            }
        }
        return end;
    }

    private boolean followedByOrg(String text, List<Token> tokens, int to) {
        if (to < tokens.size()) {
            Token next = tokens.get(to);
            String gap = text.substring(tokens.get(to - 1).end(), next.start());
            if (!gap.contains("\n") && gap.length() <= 3 && (ORG_WORDS.contains(next.folded()) || gap.contains("&"))) {
                return true;
            }
        }
        int after = tokens.get(to - 1).end();
        String rest = text.substring(after, Math.min(text.length(), after + 6)).toLowerCase();
        return rest.matches("^\\s*(&|a\\.ş|a\\.s\\.|\\.com|\\.io).*");
    }

    private boolean precededByEmployerCue(String text, List<Token> tokens, int from) {
        Token first = tokens.get(from);
        int lineStart = text.lastIndexOf('\n', first.start() - 1) + 1;
        String before = text.substring(Math.max(lineStart, first.start() - 12), first.start()).strip();
        if (before.endsWith("@") || before.endsWith("|") || ORG_OF.matcher(
                text.substring(Math.max(lineStart, first.start() - 30), first.start())).find()) {
            return true;
        }
        String[] words = before.split("\\s+");
        if (words.length > 0 && EMPLOYER_CUES.contains(words[words.length - 1].toLowerCase())) {
            return true;
        }
        // "Senior Data Analyst — Acme", "VP Sales, Acme": a job word, then a dash, pipe or comma
        Matcher job = Pattern.compile("(?u)(\\p{L}+)\\s*[—–\\-|,]\\s*$").matcher(
                text.substring(Math.max(lineStart, first.start() - 40), first.start()));
        return job.find() && JOB_WORDS.contains(NameGazetteer.fold(job.group(1)));
    }

    private void cues(String text, List<Token> tokens, List<int[]> runs) {
        follow(text, tokens, EXPLICIT_CUE, 2, runs);
        follow(text, tokens, INTRO_CUE, 1, runs);
        // a self-introduction opening the text names its writer, known name or not ("hi, i'm chidi okonkwo")
        Matcher opening = INTRO_CUE.matcher(text);
        if (opening.find() && opening.start() < 80) {
            followAt(text, tokens, opening.end(), 2, runs);
        }
        follow(text, tokens, CONTEXT_CUE, 0, runs);
        follow(text, tokens, GREETING, 0, runs);
    }

    /** Takes the words after each cue: capitalised ones always, lower-case ones as {@code lowerCase} allows. */
    private void follow(String text, List<Token> tokens, Pattern cue, int lowerCase, List<int[]> runs) {
        Matcher m = cue.matcher(text);
        while (m.find()) {
            followAt(text, tokens, m.end(), lowerCase, runs);
        }
    }

    private void followAt(String text, List<Token> tokens, int cueEnd, int lowerCase, List<int[]> runs) {
        Matcher gap = CUE_GAP.matcher(text);
        gap.region(cueEnd, text.length());
        int position = gap.lookingAt() ? gap.end() : cueEnd;
        int i = indexAt(tokens, position);
        if (i < 0) {
            return;
        }
        while (i < tokens.size() - 1 && TITLE.matcher(tokens.get(i).text()).matches()
                && text.substring(tokens.get(i).end(), tokens.get(i + 1).start()).matches("\\.?\\s+")) {
            i++;
        }
        int j = i;
        while (j < tokens.size() && j - i < 4) {
            Token t = tokens.get(j);
            if (j > i && !joined(text, tokens.get(j - 1), t)) {
                break;
            }
            boolean take;
            if ((isPlainWord(t) && !names.isNameLike(t.folded()))
                    || (t.upper() && t.text().length() <= 4 && !lineIsUpper(text, t.start()))) {
                take = false;
            } else if (t.capital()) {
                take = true;
            } else {
                take = lowerCase == 2 || (lowerCase == 1 && isName(t));
            }
            if (!take) {
                break;
            }
            j++;
        }
        if (j > i && !followedByOrg(text, tokens, j)) {
            runs.add(new int[] {i, j});
        }
    }

    private static int indexAt(List<Token> tokens, int position) {
        int low = 0;
        int high = tokens.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (tokens.get(mid).start() < position) {
                low = mid + 1;
            } else if (tokens.get(mid).start() > position) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Lines of the header made only of two to four capitalised words (or one known name) are the person's name. */
    private void header(String text, List<Token> tokens, int headerEnd, List<int[]> runs) {
        int i = 0;
        while (i < tokens.size() && tokens.get(i).start() < headerEnd) {
            Token t = tokens.get(i);
            int segmentEnd = segmentEnd(text, t.start());
            int j = i;
            boolean clean = true;
            while (j < tokens.size() && tokens.get(j).start() < segmentEnd) {
                Token u = tokens.get(j);
                clean &= u.capital() && !isPlainWord(u) && (j == i || joined(text, tokens.get(j - 1), u));
                j++;
            }
            String segment = text.substring(segmentStart(text, t.start()), segmentEnd);
            int n = j - i;
            for (int k = i; k < j; k++) {
                clean &= !ORG_WORDS.contains(tokens.get(k).folded());
            }
            clean &= !segment.matches("(?s).*\\d.*") && n <= 4 && (n >= 2 || isName(t))
                    && (n == 0 || !PLACE_PREFIXES.contains(tokens.get(i).folded()));
            if (clean && n > 0) {
                runs.add(new int[] {i, j});
            }
            i = Math.max(j, i + 1);
        }
    }

    private static final Pattern SEGMENT_BREAK = Pattern.compile("[\\n|•·,;–—\\t()]| {3,}| - ");

    private static int segmentEnd(String text, int from) {
        Matcher m = SEGMENT_BREAK.matcher(text);
        return m.find(from) ? m.start() : text.length();
    }

    private static int segmentStart(String text, int at) {
        int i = at;
        while (i > 0 && !SEGMENT_BREAK.matcher(text.substring(i - 1, i)).matches()) {
            i--;
        }
        return i;
    }

    private static boolean lineIsUpper(String text, int at) {
        int start = text.lastIndexOf('\n', at - 1) + 1;
        int end = text.indexOf('\n', at);
        String line = text.substring(start, end < 0 ? text.length() : end);
        return line.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
    }
}
