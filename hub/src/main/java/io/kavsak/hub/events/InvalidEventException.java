package io.kavsak.hub.events;

/** An event that can never be handled as it is; it goes straight to its dead-letter topic. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason);
    }
}
