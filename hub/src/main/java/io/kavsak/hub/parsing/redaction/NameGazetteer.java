package io.kavsak.hub.parsing.redaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Given names and surnames from many origins: the lists datafaker ships in its jar (read once from its
 * YAML resources, nothing fetched at run time) plus the curated Turkish lists in this repository. Words
 * that are also ordinary words or skills (Grace, Deniz, Ruby, Koç) are kept apart as common words.
 */
public final class NameGazetteer {

    /** Datafaker locales written in Latin script with real name lists. */
    private static final List<String> DATAFAKER_FILES = List.of("en/name.yml", "en-IN.yml", "en-NG.yml",
            "en-PAK.yml", "en-ZA.yml", "en-AU.yml", "de.yml", "es.yml", "es-AR.yml", "fr.yml", "it.yml",
            "pt-BR.yml", "pl.yml", "sv.yml", "da-DK.yml", "nb-NO.yml", "hr.yml", "id.yml", "vi.yml", "tr.yml",
            "hu.yml");
    private static final Pattern LATIN_NAME = Pattern.compile("[\\p{IsLatin}'’\\-]{2,}");

    private static final class Shared {
        static final NameGazetteer INSTANCE = new NameGazetteer();
    }

    private final Set<String> given = new HashSet<>();
    private final Set<String> surnames = new HashSet<>();
    private final Set<String> common = new HashSet<>();
    private final Set<String> nameLike = new HashSet<>();
    private final Set<String> skillWords = new HashSet<>();
    private final Set<String> skillPhrases = new HashSet<>();

    private NameGazetteer() {
        Yaml yaml = new Yaml(new LoaderOptions());
        for (String file : DATAFAKER_FILES) {
            try (InputStream in = net.datafaker.Faker.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("datafaker resource " + file + " is missing");
                }
                collect(yaml.load(in), false);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        countries(yaml);
        lines("parsing/redaction/given-names-tr.txt").forEach(n -> given.add(fold(n)));
        lines("parsing/redaction/surnames-tr.txt").forEach(n -> surnames.add(fold(n)));
        lines("parsing/redaction/common-words.txt").forEach(l -> {
            for (String w : l.split("\\s+")) {
                common.add(fold(w));
            }
        });
        lines("parsing/redaction/name-like-words.txt").forEach(l -> {
            for (String w : l.split("\\s+")) {
                common.add(fold(w));
                nameLike.add(fold(w));
            }
        });
        for (String line : lines("parsing/skills.txt")) {
            for (String alias : line.split("\\|")) {
                String folded = fold(alias);
                (folded.contains(" ") ? skillPhrases : skillWords).add(folded);
            }
        }
    }

    /** The one instance, built on first use: about 18,000 names, a few MB, a second or two of YAML parsing. */
    public static NameGazetteer shared() {
        return Shared.INSTANCE;
    }

    @SuppressWarnings("unchecked")
    private void collect(Object node, boolean underName) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                String k = String.valueOf(key);
                if (underName && value instanceof List<?> list && (k.contains("first_name") || k.contains("last_name"))) {
                    Set<String> target = k.contains("first_name") ? given : surnames;
                    for (Object v : list) {
                        if (v instanceof String s && !s.startsWith("#") && LATIN_NAME.matcher(s).matches()) {
                            target.add(fold(s));
                        }
                    }
                } else {
                    collect(value, underName || "name".equals(k));
                }
            });
        }
    }

    /** Country names (India, Jordan, Georgia) are never a name on their own. */
    @SuppressWarnings("unchecked")
    private void countries(Yaml yaml) {
        try (InputStream in = net.datafaker.Faker.class.getClassLoader().getResourceAsStream("en/address.yml")) {
            Map<String, Object> faker = (Map<String, Object>) ((Map<String, Object>) yaml.<Map<String, Object>>load(in)
                    .get("en")).get("faker");
            for (Object country : (List<Object>) ((Map<String, Object>) faker.get("address")).get("country")) {
                common.add(fold(String.valueOf(country)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(String resource) {
        try (InputStream in = NameGazetteer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isGiven(String folded) {
        return given.contains(folded);
    }

    public boolean isSurname(String folded) {
        return surnames.contains(folded);
    }

    public boolean isName(String folded) {
        return given.contains(folded) || surnames.contains(folded);
    }

    /** An ordinary word, a month, a place, a job word or a skill: never a name on its own evidence. */
    public boolean isCommon(String folded) {
        return common.contains(folded) || skillWords.contains(folded);
    }

    /** An ordinary word that is also a name (Grace, Hill, Deniz): a name where a cue or the position says so. */
    public boolean isNameLike(String folded) {
        return nameLike.contains(folded);
    }

    /** Multi-word skills (Spring Boot, Machine Learning) whose words must not be read as a name. */
    public Set<String> skillPhrases() {
        return skillPhrases;
    }

    public int size() {
        return given.size() + surnames.size();
    }

    /** Lower case without diacritics, Turkish dotted and dotless i folded to i. */
    public static String fold(String text) {
        String lower = text.replace('İ', 'i').replace('I', 'i').toLowerCase(Locale.ROOT).replace('ı', 'i');
        return Normalizer.normalize(lower, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").replace('’', '\'')
                .strip();
    }
}
