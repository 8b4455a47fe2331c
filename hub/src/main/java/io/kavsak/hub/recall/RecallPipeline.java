package io.kavsak.hub.recall;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one recall request through every {@link ErasureTarget} bean in order: targets that already
 * finished for the request are skipped (so a run resumes where a crash or a failure left it), a
 * failing target is retried with exponential backoff, and each attempt lands in the audit trail.
 */
@Component("recallPipeline")
public class RecallPipeline {

    private static final Logger log = LoggerFactory.getLogger(RecallPipeline.class);

    private final RecallRequests requests;
    private final List<ErasureTarget> targets;
    private final RecallProperties properties;
    private final RecallMetrics metrics;
    private final RecallNotices notices;

    public RecallPipeline(RecallRequests requests, List<ErasureTarget> targets, RecallProperties properties,
                          RecallMetrics metrics, RecallNotices notices) {
        this.requests = requests;
        this.targets = targets.stream().sorted(Comparator.comparingInt(ErasureTarget::order)).toList();
        this.properties = properties;
        this.metrics = metrics;
        this.notices = notices;
        Set<String> names = new HashSet<>();
        for (ErasureTarget target : this.targets) {
            if (!names.add(target.name())) {
                throw new IllegalStateException("two erasure targets are named '" + target.name() + "'");
            }
        }
        log.info("Recall pipeline erases through {}", this.targets.stream().map(ErasureTarget::name).toList());
    }

    public List<String> targetNames() {
        return targets.stream().map(ErasureTarget::name).toList();
    }

    /**
     * One run of the request. Returns the confirmation to send when the run completed it, or null when
     * the request was not claimable (done, or another run holds it) or a target kept failing.
     */
    public RecallNotice process(String recallId) {
        UUID id = UUID.fromString(recallId);
        Optional<RecallJob> claimed = requests.claim(id);
        if (claimed.isEmpty()) {
            log.debug("Recall {} is not open or another run holds it", id);
            return null;
        }
        RecallJob job = claimed.get();
        Set<String> finished = new HashSet<>(requests.finishedTargets(id));
        for (ErasureTarget target : targets) {
            if (finished.contains(target.name())) {
                continue;
            }
            String error = eraseWithRetries(job, target);
            if (error != null) {
                log.warn("Recall {} stays open: target {} failed: {}", id, target.name(), error);
                requests.release(id, target.name() + ": " + error);
                return null;
            }
        }
        Optional<RecallRequest> completed = requests.complete(id);
        if (completed.isEmpty()) {
            return null;
        }
        metrics.completed(completed.get());
        log.info("Recall {} ({}) completed for tenant {}", id, job.mode(), job.tenantId());
        return notices.confirmation(completed.get());
    }

    /** Runs a target until it succeeds or its attempts are used up; returns the last error, or null. */
    private String eraseWithRetries(RecallJob job, ErasureTarget target) {
        String error = null;
        long delay = properties.retryInitialDelay().toMillis();
        for (int attempt = 1; attempt <= properties.targetAttempts(); attempt++) {
            long auditId = requests.startAttempt(job.recallId(), target.name());
            try {
                long rows = target.erase(job);
                requests.finishAttempt(auditId, rows);
                return null;
            } catch (RuntimeException e) {
                error = describe(e);
                requests.failAttempt(auditId, error);
                log.warn("Recall {} target {} attempt {} failed: {}", job.recallId(), target.name(), attempt, error);
            }
            if (attempt < properties.targetAttempts()) {
                sleep(delay);
                delay = Math.min(delay * 2, properties.retryMaximumDelay().toMillis());
            }
        }
        return error;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e) {
            message += " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
