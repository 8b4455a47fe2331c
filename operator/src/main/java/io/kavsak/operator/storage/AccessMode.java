package io.kavsak.operator.storage;

/** The PersistentVolumeClaim access modes a Kavsak volume may ask for, spelled as Kubernetes spells them. */
public enum AccessMode {
  ReadWriteOnce,
  ReadOnlyMany,
  ReadWriteMany,
  ReadWriteOncePod
}
