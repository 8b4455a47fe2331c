package io.kavsak.hub.parsing;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import io.kavsak.hub.recall.RecallMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The parsed CVs' part of a recall (seed 000): FULL_EXCLUDE deletes the user's jobs and stored files;
 * ANONYMIZE deletes the files and replaces user_id and session_id with random surrogates, so the
 * professional profile stays for statistics but nothing leads back to the user. Idempotent: a second
 * run finds nothing left under the user's id.
 */
@Component
public class ParsedCvErasure implements ErasureTarget {

    private final ParsedCvStore store;
    private final CvStorage storage;

    public ParsedCvErasure(ParsedCvStore store, CvStorage storage) {
        this.store = store;
        this.storage = storage;
    }

    @Override
    public String name() {
        return "parsed-cv";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    @Transactional
    public long erase(RecallJob job) {
        long affected = 0;
        for (ParsedCv cv : store.ofUser(job.tenantId(), job.userId())) {
            try {
                storage.delete(cv.storedFilePath());
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete a stored CV of the recalled user", e);
            }
            affected += job.mode() == RecallMode.FULL_EXCLUDE
                    ? store.delete(cv.id())
                    : store.unlink(cv.id(), "anonymized-" + UUID.randomUUID(), "anonymized-" + UUID.randomUUID());
        }
        return affected;
    }
}
