package io.kavsak.hub.anomaly;

/**
 * One training run of a tenant's anomaly model: the version saved (null when there were too few runs), the
 * samples used, the F1 of the new and of the live model on the same held-out evaluation set, and whether the new
 * version was activated.
 */
public record TrainingResult(String tenantId, String version, int samples, int trainingSamples,
                             int evaluationNormal, int evaluationAnomalies, Double f1, Double liveF1,
                             boolean activated, String note) {
}
