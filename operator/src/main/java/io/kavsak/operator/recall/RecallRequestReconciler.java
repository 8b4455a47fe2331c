package io.kavsak.operator.recall;

import static io.kavsak.operator.status.Failures.rootCause;
import static io.kavsak.operator.status.Failures.rootMessage;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.kavsak.operator.events.ResourceEvents;
import io.kavsak.operator.hub.HubClient;
import io.kavsak.operator.hub.HubRecall;
import io.kavsak.operator.hub.HubRejectedException;
import io.kavsak.operator.hub.HubDeploymentVolumes;
import io.kavsak.operator.status.Conditions;

/**
 * Submits a recall to the hub once and follows it to the end. The resource's uid is the recall's external_ref, so a
 * submission repeated after a restart returns the same recall; the request id in status means "follow, don't submit".
 * Only COMPLETED is final: a FAILED recall is still polled, since an admin's retry in the hub may complete it.
 * A COMPLETED request with a TTL is deleted when it expires (RecallRequestExpiry); a FAILED one stays for an admin.
 * No finalizer: deleting the resource does not undo a recall.
 */
@ControllerConfiguration(name = "recallrequest", fieldManager = HubDeploymentVolumes.FIELD_MANAGER,
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 10, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = 15, initialInterval = 1000, intervalMultiplier = 2, maxInterval = 120_000)
public class RecallRequestReconciler implements Reconciler<RecallRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(RecallRequestReconciler.class);

  private final HubClient hub;
  private final ResourceEvents events;
  private final RecallStatusAggregator aggregator;
  private final Duration pollInterval;
  private final Duration failedPollInterval;
  private final RecallRequestExpiry expiry;
  private final Clock clock;

  /**
   * @param pollInterval how often an open recall is polled
   * @param failedPollInterval how often a FAILED one is polled
   * @param defaultTtl how long a COMPLETED request without ttlSecondsAfterFinished stays; empty: for ever
   */
  public RecallRequestReconciler(HubClient hub, ResourceEvents events, Clock clock, Duration pollInterval,
      Duration failedPollInterval, Optional<Duration> defaultTtl) {
    this.hub = hub;
    this.events = events;
    this.aggregator = new RecallStatusAggregator(clock);
    this.pollInterval = pollInterval;
    this.failedPollInterval = failedPollInterval;
    this.expiry = new RecallRequestExpiry(defaultTtl);
    this.clock = clock;
  }

  @Override
  public UpdateControl<RecallRequest> reconcile(RecallRequest request, Context<RecallRequest> context) {
    RecallRequestStatus previous = request.getStatus();
    if (previous != null && "COMPLETED".equals(previous.getState())) {
      return deleteOnceExpired(request, context);
    }
    RecallRequestSpec spec = request.getSpec();
    if (previous == null || previous.getRequestId() == null) {
      HubRecall recall = submit(request);
      RecallRequestStatus status = aggregator.fromHub(request, recall);
      announceTransitions(request, status);
      // Cached at once, so the next reconciliation follows this recall instead of submitting again.
      PrimaryUpdateAndCacheUtils.mergePatchStatusAndCacheResource(request, context, r -> {
        r.setStatus(status);
        return r;
      });
      return followUp(UpdateControl.noUpdate(), recall, request.getSpec(), status);
    }
    HubRecall recall = hub.getRecall(spec.getTenantId(), previous.getRequestId()).orElseGet(() -> submit(request));
    RecallRequestStatus status = aggregator.fromHub(request, recall);
    announceTransitions(request, status);
    UpdateControl<RecallRequest> control;
    if (previous != null && Serialization.asJson(previous).equals(Serialization.asJson(status))) {
      control = UpdateControl.noUpdate();
    } else {
      request.setStatus(status);
      control = UpdateControl.patchStatus(request);
    }
    return followUp(control, recall, spec, status);
  }

  /** When to look again: once COMPLETED only when its TTL expires, rarely while FAILED, often while open. */
  private UpdateControl<RecallRequest> followUp(UpdateControl<RecallRequest> control, HubRecall recall,
      RecallRequestSpec spec, RecallRequestStatus status) {
    if (recall.completed()) {
      return expiry.expiresAt(spec, status).map(at -> control.rescheduleAfter(until(at))).orElse(control);
    }
    return control.rescheduleAfter(recall.failed() ? failedPollInterval : pollInterval);
  }

  /**
   * Deletes a COMPLETED request whose TTL has run out, or comes back when it will have. The delete is guarded by the
   * resource version read here, so a request recreated under the same name in the meantime is not touched.
   */
  private UpdateControl<RecallRequest> deleteOnceExpired(RecallRequest request, Context<RecallRequest> context) {
    Optional<Instant> expiresAt = expiry.expiresAt(request.getSpec(), request.getStatus());
    if (expiresAt.isEmpty()) {
      return UpdateControl.noUpdate();
    }
    Duration left = until(expiresAt.get());
    if (!left.isZero()) {
      return UpdateControl.<RecallRequest>noUpdate().rescheduleAfter(left);
    }
    try {
      context.getClient().resource(request).lockResourceVersion().delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // Changed since this reconciliation read it: look again with the newer version.
        return UpdateControl.<RecallRequest>noUpdate().rescheduleAfter(pollInterval);
      }
      LOG.warn("Could not delete expired RecallRequest {}/{}: {}", request.getMetadata().getNamespace(),
          request.getMetadata().getName(), e.getMessage());
      events.warning(request, "ExpiryFailed", "Could not delete this expired RecallRequest: " + rootMessage(e));
      return UpdateControl.<RecallRequest>noUpdate().rescheduleAfter(failedPollInterval);
    }
    events.normal(request, "RecallRequestExpired", "Deleted " + expiry.ttl(request.getSpec()).orElseThrow()
        .toSeconds() + " s after recall " + request.getStatus().getRequestId() + " completed at "
        + request.getStatus().getCompletedAt());
    return UpdateControl.noUpdate();
  }

  private Duration until(Instant at) {
    Duration left = Duration.between(clock.instant(), at);
    return left.isNegative() ? Duration.ZERO : left;
  }

  @Override
  public ErrorStatusUpdateControl<RecallRequest> updateErrorStatus(RecallRequest request,
      Context<RecallRequest> context, Exception e) {
    boolean rejected = rootCause(e) instanceof HubRejectedException;
    RecallRequestStatus status = aggregator.unreachable(request, rejected ? "HubRejected" : "HubUnavailable",
        rootMessage(e));
    if (request.getStatus() != null
        && Serialization.asJson(request.getStatus()).equals(Serialization.asJson(status))) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    events.warning(request, rejected ? "RecallRejected" : "HubUnavailable", rootMessage(e));
    request.setStatus(status);
    ErrorStatusUpdateControl<RecallRequest> control = ErrorStatusUpdateControl.patchStatus(request);
    return rejected ? control.withNoRetry() : control;
  }

  private HubRecall submit(RecallRequest request) {
    RecallRequestSpec spec = request.getSpec();
    HubRecall recall = hub.submitRecall(spec.getTenantId(), spec.getUserId(), spec.getMode().name(),
        request.getMetadata().getUid());
    events.normal(request, "RecallSubmitted", "The hub accepted recall " + recall.id() + " for user "
        + spec.getUserId() + " (" + spec.getMode() + "), deadline " + recall.deadline());
    return recall;
  }

  private void announceTransitions(RecallRequest request, RecallRequestStatus status) {
    var before = request.getStatus() == null ? null : request.getStatus().getConditions();
    if (!Conditions.isTrue(before, RecallStatusAggregator.COMPLETED)
        && Conditions.isTrue(status.getConditions(), RecallStatusAggregator.COMPLETED)) {
      events.normal(request, "RecallCompleted", "Recall " + status.getRequestId() + " completed at "
          + status.getCompletedAt());
    }
    if (!Conditions.isTrue(before, RecallStatusAggregator.SLA_BREACHED)
        && Conditions.isTrue(status.getConditions(), RecallStatusAggregator.SLA_BREACHED)) {
      events.warning(request, "SLABreached", "Recall " + status.getRequestId() + " missed its deadline "
          + status.getDeadline());
    }
    if ("FAILED".equals(status.getState()) && (request.getStatus() == null
        || !"FAILED".equals(request.getStatus().getState()))) {
      events.warning(request, "RecallFailed", "The hub reports recall " + status.getRequestId() + " failed");
    }
  }
}
