package io.kavsak.hub.recall;

/** What a recall does to a user's data (seed 000): delete it, or unlink it irreversibly from the user. */
public enum RecallMode {
    FULL_EXCLUDE,
    ANONYMIZE
}
