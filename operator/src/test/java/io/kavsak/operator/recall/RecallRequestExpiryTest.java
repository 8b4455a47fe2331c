package io.kavsak.operator.recall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConditionBuilder;

class RecallRequestExpiryTest {

  private static final Instant COMPLETED_AT = Instant.parse("2026-01-03T10:00:00Z");

  @Test
  void theRequestsOwnTtlCountsFromTheHubsCompletionTimeAndWinsOverTheDefault() {
    RecallRequestExpiry expiry = new RecallRequestExpiry(Optional.of(Duration.ofDays(30)));

    assertThat(expiry.expiresAt(spec(3600), status("COMPLETED", COMPLETED_AT.toString())))
        .contains(COMPLETED_AT.plusSeconds(3600));
    assertThat(expiry.expiresAt(spec(null), status("COMPLETED", "2026-01-03T11:00:00+01:00")))
        .contains(COMPLETED_AT.plus(Duration.ofDays(30)));
  }

  @Test
  void withoutTtlOrDefaultNothingExpires() {
    RecallRequestExpiry expiry = new RecallRequestExpiry(Optional.empty());

    assertThat(expiry.expiresAt(spec(null), status("COMPLETED", COMPLETED_AT.toString()))).isEmpty();
  }

  @Test
  void onlyACompletedRecallExpires() {
    RecallRequestExpiry expiry = new RecallRequestExpiry(Optional.of(Duration.ZERO));

    assertThat(expiry.expiresAt(spec(0), status("FAILED", null))).isEmpty();
    assertThat(expiry.expiresAt(spec(0), status("IN_PROGRESS", null))).isEmpty();
    assertThat(expiry.expiresAt(spec(0), null)).isEmpty();
  }

  @Test
  void withoutTheHubsCompletionTimeTheCompletedConditionsTransitionCounts() {
    RecallRequestStatus status = status("COMPLETED", null);
    status.setConditions(List.of(new ConditionBuilder().withType(RecallStatusAggregator.COMPLETED).withStatus("True")
        .withLastTransitionTime("2026-01-03T10:00:05Z").build()));

    assertThat(new RecallRequestExpiry(Optional.empty()).expiresAt(spec(60), status))
        .contains(Instant.parse("2026-01-03T10:01:05Z"));
  }

  private static RecallRequestSpec spec(Integer ttlSecondsAfterFinished) {
    RecallRequestSpec spec = new RecallRequestSpec();
    spec.setTenantId("acme");
    spec.setUserId("42");
    spec.setMode(RecallMode.FULL_EXCLUDE);
    spec.setTtlSecondsAfterFinished(ttlSecondsAfterFinished);
    return spec;
  }

  private static RecallRequestStatus status(String state, String completedAt) {
    RecallRequestStatus status = new RecallRequestStatus();
    status.setState(state);
    status.setCompletedAt(completedAt);
    return status;
  }
}
