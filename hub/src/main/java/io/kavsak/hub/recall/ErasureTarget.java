package io.kavsak.hub.recall;

/**
 * One store that holds a user's data and must forget them on recall. Adding a store to the recall
 * pipeline is adding one Spring bean that implements this; the pipeline runs every target in
 * {@link #order()} and records each run in the request's audit trail.
 */
public interface ErasureTarget {

    /** Stable name used in the audit trail, e.g. {@code feature-store}. */
    String name();

    /** Position in the pipeline; lower runs first. */
    int order();

    /**
     * Deletes ({@link RecallMode#FULL_EXCLUDE}) or irreversibly unlinks ({@link RecallMode#ANONYMIZE})
     * the user's data in this store. Must be idempotent: the pipeline runs it again after a crash or a
     * retry. Returns the number of rows, keys or files affected.
     */
    long erase(RecallJob job);
}
