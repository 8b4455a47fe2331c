package io.kavsak.hub.scores;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.kavsak.hub.features.FeatureStore;
import io.kavsak.hub.recall.RecallRequest;
import io.kavsak.hub.recall.RecallRequests;
import io.kavsak.hub.recall.RecallStatus;
import io.kavsak.hub.web.Caller;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * NovaScore (seed 000), the user's score and its explanation. Each expected feature is a value in
 * [0, 1], higher is better; score = 300 + 550 x (weighted mean of the features present), so 300..850.
 * Confidence = share of expected features present. Once a recall exists, features written before it
 * was requested belong to the recalled data and are not used, even while the pipeline is still
 * erasing them, so confidence drops and the explanation carries a warning.
 */
@Component("novaScore")
public class NovaScore {

    private final FeatureStore features;
    private final RecallRequests recalls;
    private final ScoreProperties properties;

    public NovaScore(FeatureStore features, RecallRequests recalls, ScoreProperties properties) {
        this.features = features;
        this.recalls = recalls;
        this.properties = properties;
    }

    @Schema(name = "Score", description = "NovaScore of a user with its explanation")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Score(@Schema(example = "user-42") String userId,
                        @Schema(description = "null when too few features are present", example = "712") Integer score,
                        @Schema(example = "0.8") double confidence, List<String> featuresUsed,
                        List<String> featuresMissing, List<String> explanation, List<String> warnings,
                        RecallStatus recall) {
    }

    public Score me(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        return compute(caller.ownTenant(), caller.subject());
    }

    public Score compute(String tenantId, String userId) {
        Optional<RecallRequest> recall = recalls.findCurrent(tenantId, userId);
        Instant cutoff = recall.map(RecallRequest::requestedAt).orElse(null);
        Map<String, Double> present = new LinkedHashMap<>();
        for (Map<String, Object> row : features.offlineRows(tenantId, userId)) {
            Instant written = ((Timestamp) row.get("updated_at")).toInstant();
            if (cutoff == null || written.isAfter(cutoff)) {
                present.put((String) row.get("feature_name"), ((Number) row.get("value")).doubleValue());
            }
        }
        List<String> used = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> explanation = new ArrayList<>();
        double weighted = 0;
        double weights = 0;
        for (Map.Entry<String, Double> expected : properties.weights().entrySet()) {
            Double value = present.get(expected.getKey());
            if (value == null) {
                missing.add(expected.getKey());
                continue;
            }
            double clamped = Math.max(0, Math.min(1, value));
            used.add(expected.getKey());
            weighted += clamped * expected.getValue();
            weights += expected.getValue();
            explanation.add("%s = %.2f (weight %.2f)".formatted(expected.getKey(), clamped, expected.getValue()));
        }
        Integer score = weights == 0 ? null : (int) Math.round(300 + 550 * weighted / weights);
        double confidence = properties.weights().isEmpty() ? 0
                : Math.round(1000.0 * used.size() / properties.weights().size()) / 1000.0;
        List<String> warnings = new ArrayList<>();
        recall.ifPresent(r -> warnings.add(("A data recall (%s) was requested on %s and is %s: data recorded before it "
                + "is not used, so this score covers %d of %d expected features.")
                .formatted(r.mode(), r.requestedAt(), r.state(), used.size(), properties.weights().size())));
        if (score == null) {
            explanation.add("No expected feature is available; no score can be computed.");
        }
        return new Score(userId, score, confidence, used, missing, explanation, warnings,
                recall.map(RecallStatus::of).orElse(RecallStatus.none()));
    }
}
