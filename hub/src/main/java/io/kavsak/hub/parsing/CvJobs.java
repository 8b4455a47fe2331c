package io.kavsak.hub.parsing;

import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A parsing job's state changes, each in one transaction with the event announcing it: created with
 * {@code parser.job.requested}, finished with {@code parser.job.completed}.
 */
@Service
public class CvJobs {

    private final ParsedCvStore store;
    private final Outbox outbox;
    private final JobWatch watch;
    private final MeterRegistry meters;

    public CvJobs(ParsedCvStore store, Outbox outbox, JobWatch watch, MeterRegistry meters) {
        this.store = store;
        this.outbox = outbox;
        this.watch = watch;
        this.meters = meters;
    }

    @Transactional
    public void create(UUID id, String tenantId, String userId, String sessionId, ParseMode mode, String source,
                       String fileName, String storedFilePath) {
        store.insert(id, tenantId, userId, sessionId, mode, source, fileName, storedFilePath);
        outbox.append(EventType.PARSER_JOB_REQUESTED, tenantId, Map.of("job_id", id.toString()));
        meters.counter("kavsak.parser.jobs", "status", ParsedCv.PROCESSING).increment();
    }

    @Transactional
    public boolean succeed(ParsedCv job, String cvLanguage, String parsedData, double seconds) {
        boolean changed = store.succeed(job.id(), cvLanguage, parsedData, seconds);
        if (changed) {
            completed(job, ParsedCv.SUCCESS);
        }
        return changed;
    }

    @Transactional
    public boolean fail(ParsedCv job, String cvLanguage, String reason, Double seconds) {
        boolean changed = store.fail(job.id(), cvLanguage, reason, seconds);
        if (changed) {
            completed(job, ParsedCv.FAILED);
        }
        return changed;
    }

    /** Publishes the job again for the workers (the reaper's second chance for a stranded job). */
    @Transactional
    public void requeue(ParsedCv job) {
        store.requeue(job.id());
        outbox.append(EventType.PARSER_JOB_REQUESTED, job.tenantId(), Map.of("job_id", job.id().toString()));
    }

    private void completed(ParsedCv job, String status) {
        outbox.append(EventType.PARSER_JOB_COMPLETED, job.tenantId(), Map.of("job_id", job.id().toString(),
                "status", status, "completed_at", Instant.now().toString()));
        meters.counter("kavsak.parser.jobs", "status", status).increment();
        watch.changedAfterCommit(job.id());
    }
}
