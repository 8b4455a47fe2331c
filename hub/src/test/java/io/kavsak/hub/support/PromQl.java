package io.kavsak.hub.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to check a dashboard or an alert against a running hub: the metric names an
 * expression selects, with the label names it matches on, and the series of a Prometheus text
 * exposition. Not a parser: it relies on PromQL's shape (functions are followed by "(", label
 * matchers sit in braces, ranges in brackets).
 */
public final class PromQl {

    /** Labels Prometheus adds when it scrapes a target (PodMonitor), absent from /actuator/prometheus. */
    public static final Set<String> TARGET_LABELS =
            Set.of("namespace", "pod", "container", "instance", "job", "endpoint", "service");

    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless",
            "inf", "nan", "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk", "quantile",
            "count_values", "group", "limitk", "limit_ratio", "atan2");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*+)?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*(.*),\\s*(\\w+)\\s*\\)\\s*$");
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s");
    private static final Pattern SERIES_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private PromQl() {
    }

    /**
     * The metrics an expression selects, each with the label names its matchers use. A Grafana
     * {@code label_values(selector, label)} query counts as its selector.
     */
    public static Map<String, Set<String>> selectedMetrics(String expression) {
        String expr = expression;
        Matcher labelValues = LABEL_VALUES.matcher(expr);
        if (labelValues.matches()) {
            expr = labelValues.group(1);
        }
        expr = GRAFANA_VARIABLE.matcher(expr).replaceAll("");
        expr = STRING.matcher(expr).replaceAll("\"\"");
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(expr);
        StringBuilder rest = new StringBuilder();
        while (selector.find()) {
            Set<String> labels = new LinkedHashSet<>();
            Matcher matcher = MATCHER.matcher(selector.group(2));
            while (matcher.find()) {
                labels.add(matcher.group(1));
            }
            String name = selector.group(1);
            if (name != null && !KEYWORDS.contains(name)) {
                metrics.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(labels);
            }
            // the name stays in the text (it is counted once below), the matchers go
            selector.appendReplacement(rest, Matcher.quoteReplacement(name == null ? " " : name + " "));
        }
        selector.appendTail(rest);
        expr = RANGE.matcher(rest).replaceAll(" ");
        expr = GROUPING.matcher(expr).replaceAll(" ");
        Matcher identifier = IDENTIFIER.matcher(expr);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (!KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                metrics.computeIfAbsent(name, n -> new LinkedHashSet<>());
            }
        }
        return metrics;
    }

    /** Series name to the label names seen on it, from a Prometheus text exposition. */
    public static Map<String, Set<String>> exposition(String body) {
        Map<String, Set<String>> series = new TreeMap<>();
        for (String line : body.split("\n")) {
            Matcher m = SERIES.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Set<String> labels = series.computeIfAbsent(m.group(1), n -> new TreeSet<>());
            if (m.group(3) != null) {
                Matcher label = SERIES_LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return series;
    }

    /** What {@code used} selects that {@code exported} lacks: unknown metrics, and labels no series of a metric has. */
    public static List<String> missing(Map<String, Set<String>> used, Map<String, Set<String>> exported) {
        List<String> missing = new ArrayList<>();
        used.forEach((name, labels) -> {
            Set<String> known = exported.get(name);
            if (known == null) {
                missing.add(name);
                return;
            }
            for (String label : labels) {
                if (!known.contains(label) && !TARGET_LABELS.contains(label) && !label.equals("__name__")) {
                    missing.add(name + "{" + label + "}");
                }
            }
        });
        return missing;
    }
}
