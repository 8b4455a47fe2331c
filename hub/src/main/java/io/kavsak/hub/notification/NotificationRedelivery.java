package io.kavsak.hub.notification;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Runs before each redelivery of a mail: counts the attempt and extends the notification's claim, so no other
 * replica takes it over while it is being retried.
 */
@Component("notificationRedelivery")
public class NotificationRedelivery implements Processor {

    private final Notifications notifications;

    public NotificationRedelivery(Notifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void process(Exchange exchange) {
        Notification notification = exchange.getProperty(Notifications.NOTIFICATION, Notification.class);
        int attempts = Notifications.attempts(exchange) + 1;
        exchange.setProperty(Notifications.ATTEMPTS, attempts);
        notifications.renewClaim(notification.id(), attempts);
    }
}
