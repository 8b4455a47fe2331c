package io.kavsak.hub.models;

/** A version whose file is gone and that has no legacy blob to load from. */
public class ModelFileMissingException extends RuntimeException {

    public ModelFileMissingException(String message) {
        super(message);
    }
}
