package io.kavsak.hub.notification;

/**
 * A notification that can never be sent as requested (unknown template, missing parameter, bad address,
 * unreachable attachment): it fails at once with this reason, without a retry and without a mail.
 */
public class NotificationFailedException extends RuntimeException {

    public NotificationFailedException(String reason) {
        super(reason);
    }

    public NotificationFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
