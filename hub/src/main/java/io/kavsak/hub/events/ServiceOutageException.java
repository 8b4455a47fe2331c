package io.kavsak.hub.events;

/**
 * A third-party service an event's handling needs (an embeddings API) is out of reach, answers 5xx or
 * rate-limits: the kafka-dlq policy waits it out like a database outage instead of dead-lettering the event.
 */
public class ServiceOutageException extends RuntimeException {

    public ServiceOutageException(String message, Throwable cause) {
        super(message, cause);
    }
}
