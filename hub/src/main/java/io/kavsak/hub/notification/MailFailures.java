package io.kavsak.hub.notification;

import io.kavsak.hub.storage.ObjectStorageUnavailableException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import org.apache.camel.Exchange;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.stereotype.Component;

/**
 * Tells a permanent failure (the request itself is wrong, or a server answered 5xx) from a transient one
 * (connection refused or lost, a 4xx reply, object storage that cannot be reached) for the notification-delivery error policy: a permanent failure
 * fails the notification at once, a transient one is retried with backoff.
 */
@Component("mailFailures")
public class MailFailures {

    /** onWhen of the permanent clause. */
    public boolean permanent(Exchange exchange) {
        return isPermanent(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** onWhen of the transient clause. */
    public boolean transientFailure(Exchange exchange) {
        return !permanent(exchange);
    }

    public static boolean isPermanent(Throwable error) {
        for (Throwable t = error; t != null; t = next(t)) {
            if (t instanceof NotificationFailedException || t instanceof AddressException) {
                return true;
            }
            int code = replyCode(t);
            if (code >= 500) {
                return true;
            }
        }
        return false;
    }

    /** The reason the failed event and the log carry: the request's fault as is, else the SMTP reply. */
    public static String reason(Throwable error) {
        if (error == null) {
            return "unknown";
        }
        for (Throwable t = error; t != null; t = next(t)) {
            if (t instanceof NotificationFailedException || t instanceof ObjectStorageUnavailableException) {
                return t.getMessage();
            }
        }
        for (Throwable t = error; t != null; t = next(t)) {
            int code = replyCode(t);
            if (code > 0) {
                return "SMTP " + code + ": " + oneLine(t.getMessage());
            }
        }
        Throwable root = error;
        while (next(root) != null) {
            root = next(root);
        }
        return "SMTP: " + root.getClass().getSimpleName() + ": " + oneLine(root.getMessage());
    }

    private static int replyCode(Throwable t) {
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        return -1;
    }

    /** The cause, or a mail exception's chained exception (per-recipient failures hang there). */
    private static Throwable next(Throwable t) {
        Throwable next = t.getCause();
        if (next == null && t instanceof MessagingException m) {
            next = m.getNextException();
        }
        return next == t ? null : next;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }
}
