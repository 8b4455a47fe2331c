package io.kavsak.hub.storage;

/** The object storage could not be reached or answered with a server error: worth another try later. */
public class ObjectStorageUnavailableException extends RuntimeException {

    public ObjectStorageUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
