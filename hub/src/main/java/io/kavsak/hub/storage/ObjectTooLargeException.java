package io.kavsak.hub.storage;

/** The object is larger than the caller may take. */
public class ObjectTooLargeException extends ObjectRefusedException {

    public ObjectTooLargeException(String reason) {
        super(reason);
    }
}
