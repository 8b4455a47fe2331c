package io.kavsak.hub.anomaly;

/**
 * One query run scored: which detector answered ({@code model} or {@code zscore}), the model version when the
 * model did, whether the Z-score stood in for an active model that could not serve (and why), the score (the
 * model's negated one-class SVM decision value, or the largest |z|) and the verdict.
 */
public record Detection(String detector, String modelVersion, boolean fallback, String fallbackReason, double score,
                        boolean anomalous) {

    public static final String MODEL = "model";
    public static final String ZSCORE = "zscore";
}
