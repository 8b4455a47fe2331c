package io.kavsak.hub.events;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import org.springframework.stereotype.Component;

/**
 * Recall target for the dead_letter table: deletes the user's letters in both modes. A dead letter is
 * an operations record, never training data, so ANONYMIZE has nothing worth keeping either. The
 * {@code <topic>.dlq} copy on Kafka ages out with the topic retention.
 */
@Component
public class DeadLetterEraser implements ErasureTarget {

    private final DeadLetterStore store;

    public DeadLetterEraser(DeadLetterStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "dead-letters";
    }

    @Override
    public int order() {
        return 310;
    }

    @Override
    public long erase(RecallJob job) {
        return store.deleteOfUser(job.tenantId(), job.userId());
    }
}
