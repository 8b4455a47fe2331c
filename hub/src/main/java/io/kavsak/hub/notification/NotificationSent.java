package io.kavsak.hub.notification;

/**
 * Published (synchronously, inside the transaction that records it) when a provider took a notification's
 * mail, for the features that must know their mail went out (a recall confirmation, an SLA alert).
 */
public record NotificationSent(Notification notification) {
}
