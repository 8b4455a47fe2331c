package io.kavsak.hub.scores;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The features NovaScore expects, each with its weight ({@code kavsak.scores.weights.<feature>}). */
@ConfigurationProperties("kavsak.scores")
public record ScoreProperties(Map<String, Double> weights) {

    public ScoreProperties {
        weights = weights == null || weights.isEmpty() ? defaults() : new LinkedHashMap<>(weights);
    }

    private static Map<String, Double> defaults() {
        Map<String, Double> defaults = new LinkedHashMap<>();
        defaults.put("payment_timeliness", 0.30);
        defaults.put("income_stability", 0.25);
        defaults.put("savings_rate", 0.15);
        defaults.put("account_tenure", 0.15);
        defaults.put("low_debt_ratio", 0.15);
        return defaults;
    }
}
