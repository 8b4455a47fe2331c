package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kavsak.operator.recall.RecallMode;
import io.kavsak.operator.recall.RecallRequest;
import io.kavsak.operator.recall.RecallRequestSpec;

/** The RecallRequest reconciler against the mock API server and a stand-in hub. */
@EnableKubernetesMockClient(crud = true)
class RecallRequestReconcilerIT {

  static KubernetesClient client;
  private OperatorHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = new OperatorHarness(client);
    harness.startOperator();
  }

  @AfterEach
  void stop() {
    harness.close();
    // The mock API server lives as long as the class: leftovers would meet the next test's fresh hub.
    client.resources(RecallRequest.class).inNamespace(OperatorHarness.NAMESPACE).delete();
  }

  @Test
  void recallIsSubmittedOnceAndFollowedToCompletion() {
    client.resource(recall("r-complete", "u-1")).create();

    String id = awaitRequestId("r-complete");
    assertThat(harness.hub.recalls.get(id)).containsEntry("external_ref", requestNow("r-complete").getMetadata().getUid())
        .containsEntry("user_id", "u-1").containsEntry("mode", "FULL_EXCLUDE");
    assertThat(requestNow("r-complete").getStatus().getDeadline()).isNotBlank();

    harness.hub.setRecallState(id, "IN_PROGRESS", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> "IN_PROGRESS".equals(requestNow("r-complete").getStatus().getState()));
    harness.hub.setRecallState(id, "COMPLETED", false);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      RecallRequest request = requestNow("r-complete");
      assertThat(request.getStatus().getPhase()).isEqualTo("COMPLETED");
      assertThat(request.getStatus().getCompletedAt()).isNotBlank();
      assertThat(condition(request, "Completed").getStatus()).isEqualTo("True");
      assertThat(condition(request, "SLABreached").getStatus()).isEqualTo("False");
    });
    assertThat(harness.hub.recallSubmissions.get()).isEqualTo(1);
  }

  @Test
  void breachedDeadlineShowsAsSlaBreachedCondition() {
    client.resource(recall("r-late", "u-2")).create();
    String id = awaitRequestId("r-late");

    harness.hub.setRecallState(id, "IN_PROGRESS", true);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      RecallRequest request = requestNow("r-late");
      assertThat(request.getStatus().getSlaBreached()).isTrue();
      assertThat(condition(request, "SLABreached").getStatus()).isEqualTo("True");
      assertThat(condition(request, "SLABreached").getReason()).isEqualTo("DeadlinePassed");
    });
  }

  @Test
  void operatorRestartMidRecallNeverSubmitsTwice() {
    client.resource(recall("r-restart", "u-3")).create();
    String id = awaitRequestId("r-restart");
    harness.hub.setRecallState(id, "IN_PROGRESS", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> "IN_PROGRESS".equals(requestNow("r-restart").getStatus().getState()));

    harness.stopOperator();
    harness.hub.setRecallState(id, "COMPLETED", false);
    harness.startOperator();

    await().atMost(Duration.ofSeconds(15)).until(() -> "COMPLETED".equals(requestNow("r-restart").getStatus().getState()));
    assertThat(harness.hub.recallSubmissions.get()).isEqualTo(1);
    assertThat(harness.hub.recalls).hasSize(1);
  }

  @Test
  void failedRecallThatTheHubLaterCompletesMovesToCompleted() {
    client.resource(recall("r-retried", "u-6")).create();
    String id = awaitRequestId("r-retried");
    harness.hub.setRecallState(id, "FAILED", false);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      RecallRequest request = requestNow("r-retried");
      assertThat(request.getStatus().getPhase()).isEqualTo("FAILED");
      assertThat(condition(request, "Completed").getStatus()).isEqualTo("False");
    });

    // An admin retries the recall in the hub and it completes.
    harness.hub.setRecallState(id, "IN_PROGRESS", false);
    harness.hub.setRecallState(id, "COMPLETED", false);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      RecallRequest request = requestNow("r-retried");
      assertThat(request.getStatus().getPhase()).isEqualTo("COMPLETED");
      assertThat(request.getStatus().getCompletedAt()).isNotBlank();
      assertThat(condition(request, "Completed").getStatus()).isEqualTo("True");
    });
    assertThat(harness.hub.recallSubmissions.get()).isEqualTo(1);
  }

  @Test
  void hubDownThenUpSubmitsTheRecall() throws Exception {
    harness.hub.stop();
    client.resource(recall("r-down", "u-4")).create();

    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      RecallRequest request = requestNow("r-down");
      assertThat(request.getStatus()).isNotNull();
      assertThat(condition(request, "Submitted").getReason()).isEqualTo("HubUnavailable");
      assertThat(request.getStatus().getPhase()).isEqualTo("Pending");
    });

    harness.hub.restart();
    awaitRequestId("r-down");
    assertThat(harness.hub.recalls).hasSize(1);
  }

  @Test
  void deletingTheResourceLeavesTheRecallInTheHub() {
    client.resource(recall("r-delete", "u-5")).create();
    String id = awaitRequestId("r-delete");

    client.resource(requestNow("r-delete")).delete();

    await().atMost(Duration.ofSeconds(10)).until(() -> requestNow("r-delete") == null);
    assertThat(harness.hub.recalls).containsKey(id);
  }

  @Test
  void completedRequestWithTtlIsDeletedThatLongAfterCompletion() {
    client.resource(recall("r-ttl", "u-7", 2)).create();
    String id = awaitRequestId("r-ttl");
    String uid = requestNow("r-ttl").getMetadata().getUid();
    harness.hub.setRecallState(id, "COMPLETED", false);
    Instant completedAt = Instant.parse((String) harness.hub.recalls.get(id).get("completed_at"));

    await().atMost(Duration.ofSeconds(15)).until(() -> requestNow("r-ttl") == null);

    assertThat(Instant.now()).as("deleted no earlier than 2 s after completion")
        .isAfterOrEqualTo(completedAt.plusSeconds(2));
    assertThat(client.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
        .filter(e -> uid.equals(e.getInvolvedObject().getUid())).map(Event::getReason))
        .contains("RecallCompleted", "RecallRequestExpired");
    assertThat(harness.hub.recalls.get(id)).containsEntry("state", "COMPLETED");
  }

  @Test
  void completedRequestWithoutTtlIsKept() {
    client.resource(recall("r-kept", "u-8")).create();
    client.resource(recall("r-expires", "u-9", 1)).create();
    harness.hub.setRecallState(awaitRequestId("r-kept"), "COMPLETED", false);
    harness.hub.setRecallState(awaitRequestId("r-expires"), "COMPLETED", false);

    // The request with a TTL shows the operator deletes expired ones in this time.
    await().atMost(Duration.ofSeconds(15)).until(() -> requestNow("r-expires") == null);

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> isCompleted(requestNow("r-kept")));
  }

  @Test
  void failedRequestWithTtlIsKeptForAnAdmin() {
    client.resource(recall("r-failed-ttl", "u-10", 1)).create();
    client.resource(recall("r-completed-ttl", "u-11", 1)).create();
    harness.hub.setRecallState(awaitRequestId("r-failed-ttl"), "FAILED", false);
    harness.hub.setRecallState(awaitRequestId("r-completed-ttl"), "COMPLETED", false);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(
        () -> assertThat(requestNow("r-failed-ttl").getStatus().getState()).isEqualTo("FAILED"));

    await().atMost(Duration.ofSeconds(15)).until(() -> requestNow("r-completed-ttl") == null);

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> requestNow("r-failed-ttl") != null);
    assertThat(requestNow("r-failed-ttl").getStatus().getPhase()).isEqualTo("FAILED");
  }

  @Test
  void operatorDefaultTtlDeletesCompletedRequestsThatSetNone() {
    harness.stopOperator();
    harness.startOperator(Optional.of(Duration.ofSeconds(1)));
    client.resource(recall("r-default", "u-12")).create();
    client.resource(recall("r-own-ttl", "u-13", 3600)).create();
    harness.hub.setRecallState(awaitRequestId("r-default"), "COMPLETED", false);
    harness.hub.setRecallState(awaitRequestId("r-own-ttl"), "COMPLETED", false);

    await().atMost(Duration.ofSeconds(15)).until(() -> requestNow("r-default") == null);

    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> isCompleted(requestNow("r-own-ttl")));
  }

  private String awaitRequestId(String name) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> {
      RecallRequest request = requestNow(name);
      return request == null || request.getStatus() == null ? null : request.getStatus().getRequestId();
    }, id -> id != null);
  }

  private RecallRequest requestNow(String name) {
    return client.resources(RecallRequest.class).inNamespace(OperatorHarness.NAMESPACE).withName(name).get();
  }

  private static boolean isCompleted(RecallRequest request) {
    return request != null && "COMPLETED".equals(request.getStatus().getState());
  }

  private static Condition condition(RecallRequest request, String type) {
    return request.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
        .orElse(new Condition());
  }

  private static RecallRequest recall(String name, String userId, int ttlSecondsAfterFinished) {
    RecallRequest request = recall(name, userId);
    request.getSpec().setTtlSecondsAfterFinished(ttlSecondsAfterFinished);
    return request;
  }

  private static RecallRequest recall(String name, String userId) {
    RecallRequest request = new RecallRequest();
    request.getMetadata().setName(name);
    request.getMetadata().setNamespace(OperatorHarness.NAMESPACE);
    RecallRequestSpec spec = new RecallRequestSpec();
    spec.setTenantId("acme");
    spec.setUserId(userId);
    spec.setMode(RecallMode.FULL_EXCLUDE);
    request.setSpec(spec);
    return request;
  }
}
