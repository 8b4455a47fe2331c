package io.kavsak.hub.models;

/** A model file that is not what its row says: checksum mismatch, unreadable or the wrong type. It is quarantined. */
public class CorruptModelException extends RuntimeException {

    public CorruptModelException(String message) {
        super(message);
    }
}
