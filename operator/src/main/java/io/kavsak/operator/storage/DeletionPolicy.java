package io.kavsak.operator.storage;

/** Whether a volume outlives the resource that asked for it; storage is kept unless the user says otherwise. */
public enum DeletionPolicy {
  Retain,
  Delete
}
