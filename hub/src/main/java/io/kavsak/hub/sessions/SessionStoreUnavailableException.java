package io.kavsak.hub.sessions;

/** The session store could not be reached or answered with an error: callers fail closed. */
public class SessionStoreUnavailableException extends RuntimeException {

    public SessionStoreUnavailableException(String operation, Throwable cause) {
        super("Session store unavailable during " + operation, cause);
    }
}
