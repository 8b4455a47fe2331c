package io.kavsak.hub.parsing;

import java.io.IOException;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * No stranded jobs (seed 001's "job stuck in processing"): jobs in processing past the timeout are
 * published again until they reach the maximum number of attempts, then failed with "timed out".
 * Also the retention sweep that deletes old stored files and parsed data. Run by clustered Quartz
 * triggers, so one hub replica does it at a time.
 */
@Component("parserReaper")
public class ParserReaper {

    private static final Logger log = LoggerFactory.getLogger(ParserReaper.class);
    private static final int BATCH = 200;

    private final ParsedCvStore store;
    private final CvJobs jobs;
    private final CvStorage storage;
    private final ParserProperties properties;

    public ParserReaper(ParsedCvStore store, CvJobs jobs, CvStorage storage, ParserProperties properties) {
        this.store = store;
        this.jobs = jobs;
        this.storage = storage;
        this.properties = properties;
    }

    /** Returns how many stale jobs were re-queued or failed. */
    @Transactional
    public int reap() {
        int handled = 0;
        for (ParsedCv job : store.lockStale(Instant.now().minus(properties.processingTimeout()), BATCH)) {
            if (job.attempts() >= properties.maxAttempts()) {
                jobs.fail(job, null, "timed out: no worker finished the job after " + job.attempts() + " attempts",
                        null);
                log.warn("parser job {} timed out after {} attempts", job.id(), job.attempts());
            } else {
                jobs.requeue(job);
                log.info("parser job {} re-queued (attempts so far: {})", job.id(), job.attempts());
            }
            handled++;
        }
        return handled;
    }

    /** Deletes jobs, with their stored files, older than the retention period. Returns how many. */
    public int purgeExpired() throws IOException {
        int purged = 0;
        for (ParsedCv job : store.expired(Instant.now().minus(properties.retention()), BATCH)) {
            storage.delete(job.storedFilePath());
            purged += store.delete(job.id());
        }
        if (purged > 0) {
            log.info("parser retention: {} jobs older than {} deleted with their files", purged,
                    properties.retention());
        }
        return purged;
    }
}
