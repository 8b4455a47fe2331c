package io.kavsak.operator.recall;

/** How the hub erases a user's data: delete it, or keep it anonymized. */
public enum RecallMode {
  FULL_EXCLUDE,
  ANONYMIZE
}
