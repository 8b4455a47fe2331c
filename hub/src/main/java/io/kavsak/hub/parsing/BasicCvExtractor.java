package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The {@code basic} parse mode: a local, deterministic extractor over redacted CV text. It splits the
 * text into sections, matches the shipped skills vocabulary, turns date ranges into experience
 * entries and total years, and finds degrees, schools and the profession. No network involved.
 */
@Component
public class BasicCvExtractor {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SCHOOL = Pattern.compile("(?iu)(university|üniversitesi|universitesi|college"
            + "|institute|enstitüsü|school|okulu|lisesi|fakültesi|akademi|academy|polytechnic)");
    private static final Pattern DEGREE = Pattern.compile("(?iu)\\b(ph\\.?d\\.?|doctorate|doktora"
            + "|master(?:'s)?(?: of [a-z ]+?)?(?= in |,|$| -)|m\\.?sc?\\.?|mba|yüksek lisans|yuksek lisans"
            + "|bachelor(?:'s)?(?: of [a-z ]+?)?(?= in |,|$| -)|b\\.?sc?\\.?|b\\.?a\\.?|lisans|ön lisans|on lisans"
            + "|associate(?:'s)? degree|high school diploma|lise)\\b");
    private static final Pattern ROLE = Pattern.compile("(?iu)(engineer|developer|manager|analyst|designer|architect"
            + "|consultant|specialist|scientist|director|administrator|accountant|teacher|nurse|technician"
            + "|programmer|tester|mühendis|geliştirici|uzman|müdür|yönetici|analist|tasarımcı|danışman"
            + "|öğretmen|muhasebe|teknisyen)");
    private static final Pattern DRIVING = Pattern.compile("(?iu)(driving licen[cs]e|driver'?s licen[cs]e"
            + "|ehliyet|sürücü belgesi|surucu belgesi)");
    private static final Pattern NO_DRIVING = Pattern.compile("(?iu)(no driving licen[cs]e|ehliyet(im)? yok"
            + "|ehliyetsiz)");
    private static final Pattern SEPARATORS = Pattern.compile("\\s+(?:at|@|-|–|—|\\|)\\s+|\\s*[,|]\\s*");

    private final Map<String, Pattern> skills;

    public BasicCvExtractor() {
        this.skills = loadSkills();
    }

    /** Builds the profile from redacted text, shaped as {@link CvProfileSchema}. */
    public ObjectNode extract(String text, YearMonth today) {
        Map<CvSections.Kind, List<String>> sections = new EnumMap<>(CvSections.Kind.class);
        List<String> header = new ArrayList<>();
        CvSections.Kind current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            CvSections.Kind heading = CvSections.heading(line);
            if (heading != null) {
                current = heading;
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (current == null) {
                header.add(line);
            } else {
                sections.computeIfAbsent(current, k -> new ArrayList<>()).add(line);
            }
        }
        List<DateRanges.Period> periods = new ArrayList<>();
        ArrayNode experiences = experiences(sections.getOrDefault(CvSections.Kind.EXPERIENCE, List.of()), today,
                periods);
        ArrayNode education = education(sections.getOrDefault(CvSections.Kind.EDUCATION, List.of()), today);

        ObjectNode basics = NODES.objectNode();
        basics.put("profession", profession(header, experiences));
        Double years = DateRanges.totalYears(periods);
        if (years == null) {
            basics.putNull("total_experience_in_years");
        } else {
            basics.put("total_experience_in_years", years);
        }
        List<String> summary = sections.getOrDefault(CvSections.Kind.SUMMARY, List.of());
        basics.put("summary", summary.isEmpty() ? null : cap(String.join(" ", summary), 1000));
        if (NO_DRIVING.matcher(text).find()) {
            basics.put("has_driving_license", false);
        } else if (DRIVING.matcher(text).find()) {
            basics.put("has_driving_license", true);
        } else {
            basics.putNull("has_driving_license");
        }
        ArrayNode skillList = basics.putArray("skills");
        skills.forEach((skill, pattern) -> {
            if (pattern.matcher(text).find()) {
                skillList.add(skill);
            }
        });

        ObjectNode profile = NODES.objectNode();
        profile.set("basics", basics);
        profile.set("professional_experiences", experiences);
        profile.set("education", education);
        return profile;
    }

    private ArrayNode experiences(List<String> lines, YearMonth today, List<DateRanges.Period> periods) {
        ArrayNode out = NODES.arrayNode();
        ObjectNode entry = null;
        List<String> description = new ArrayList<>();
        for (String line : lines) {
            List<DateRanges.Period> found = DateRanges.find(line, today);
            if (found.isEmpty()) {
                description.add(line);
                continue;
            }
            DateRanges.Period period = found.get(0);
            periods.add(period);
            String rest = (line.substring(0, period.from()) + " " + line.substring(period.to()))
                    .replaceAll("[()\\[\\]]", " ").replaceAll("^[\\s,|@–—-]+|[\\s,|@–—-]+$", "").strip();
            if (rest.isEmpty() && !description.isEmpty()) {
                // title and company written on the lines above the dates
                rest = description.remove(description.size() - 1);
                if (!description.isEmpty() && SEPARATORS.split(rest).length == 1) {
                    rest = rest + ", " + description.remove(description.size() - 1);
                }
            }
            closeEntry(entry, description);
            description = new ArrayList<>();
            entry = out.addObject();
            String[] parts = SEPARATORS.split(rest, 2);
            entry.put("title", parts.length > 0 && !parts[0].isBlank() ? parts[0].strip() : null);
            entry.put("company", parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : null);
            entry.put("start_date", period.startText());
            entry.put("end_date", period.endText());
            entry.put("is_current", period.current());
        }
        closeEntry(entry, description);
        return out;
    }

    private static void closeEntry(ObjectNode entry, List<String> description) {
        if (entry != null) {
            entry.put("description", description.isEmpty() ? null : cap(String.join(" ", description), 600));
        }
    }

    private ArrayNode education(List<String> lines, YearMonth today) {
        ArrayNode out = NODES.arrayNode();
        ObjectNode entry = null;
        for (String line : lines) {
            boolean school = SCHOOL.matcher(line).find();
            boolean degree = DEGREE.matcher(line).find();
            if (entry == null || (school && entry.hasNonNull("school")) || (degree && entry.hasNonNull("degree")
                    && !school)) {
                if (!school && !degree) {
                    continue;
                }
                entry = out.addObject();
                for (String field : CvProfileSchema.EDUCATION.keySet()) {
                    entry.putNull(field);
                }
            }
            String rest = line;
            List<DateRanges.Period> found = DateRanges.find(line, today);
            if (!found.isEmpty()) {
                DateRanges.Period p = found.get(0);
                entry.put("start_date", p.startText());
                entry.put("end_date", p.endText());
                rest = line.substring(0, p.from()) + " " + line.substring(p.to());
            } else {
                java.util.regex.Matcher year = Pattern.compile("\\b(19|20)\\d{2}\\b").matcher(line);
                if (year.find()) {
                    entry.put("end_date", year.group());
                    rest = line.replace(year.group(), " ");
                }
            }
            for (String part : SEPARATORS.split(rest.replaceAll("[()]", " ").strip())) {
                String value = part.strip();
                if (value.isEmpty()) {
                    continue;
                }
                java.util.regex.Matcher d = DEGREE.matcher(value);
                if (SCHOOL.matcher(value).find() && !entry.hasNonNull("school")) {
                    entry.put("school", value);
                } else if (d.find() && !entry.hasNonNull("degree")) {
                    entry.put("degree", d.group().strip());
                    String field = (value.substring(0, d.start()) + " " + value.substring(d.end()))
                            .replaceAll("(?i)^\\s*(in|of)\\s+|\\s+(in|of)\\s*$", "").replaceAll("^\\s*(in|of)\\s+", "")
                            .strip();
                    if (!field.isEmpty() && !entry.hasNonNull("field_of_study")) {
                        entry.put("field_of_study", field);
                    }
                } else if (!entry.hasNonNull("field_of_study") && value.chars().anyMatch(Character::isLetter)) {
                    entry.put("field_of_study", value);
                }
            }
        }
        return out;
    }

    private static String profession(List<String> header, ArrayNode experiences) {
        for (String line : header) {
            if (ROLE.matcher(line).find() && line.split("\\s+").length <= 6 && !line.matches(".*\\d.*")) {
                return line.replaceAll("[|,].*$", "").strip();
            }
        }
        for (var experience : experiences) {
            if (experience.hasNonNull("title")) {
                return experience.get("title").asText();
            }
        }
        return null;
    }

    private static Map<String, Pattern> loadSkills() {
        Map<String, Pattern> skills = new java.util.LinkedHashMap<>();
        try {
            String vocabulary = new ClassPathResource("parsing/skills.txt").getContentAsString(StandardCharsets.UTF_8);
            for (String line : vocabulary.split("\n")) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] aliases = entry.split("\\|");
                StringBuilder regex = new StringBuilder();
                for (String alias : aliases) {
                    String quoted = "(?<![\\p{L}\\d+#./-])" + Pattern.quote(alias.strip()) + "(?![\\p{L}\\d+#])";
                    // short names (Go, Git, SQL) only as written; longer ones in any case
                    regex.append(regex.isEmpty() ? "" : "|")
                            .append(alias.strip().length() <= 3 ? quoted : "(?iu:" + quoted + ")");
                }
                skills.put(aliases[0].strip(), Pattern.compile(regex.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the skills vocabulary is missing", e);
        }
        return skills;
    }

    private static String cap(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    static Set<String> skillNames(ObjectNode profile) {
        Set<String> names = new LinkedHashSet<>();
        profile.path("basics").path("skills").forEach(s -> names.add(s.asText()));
        return names;
    }
}
