package io.kavsak.hub.reminders;

/**
 * One way a reminder reaches its user. Each implementation is a Spring bean; its {@link #name()} is a value of an
 * appointment's {@code channels}. {@link #send} runs inside the transaction that claimed the reminder and marks it
 * sent, so a channel that hands the reminder on through that transaction (the outbox) delivers it exactly once;
 * a channel that calls an outside system directly would deliver it at least once. An exception is a failed
 * attempt: the reminder is retried with backoff, and recorded failed after {@code kavsak.reminders.max-retries}.
 */
public interface ReminderChannel {

    /** The channel's name in {@code channels}, e.g. {@code log}, {@code email}. */
    String name();

    /** Checks an appointment before it is saved (e.g. the email channel needs an address); throws ApiProblem. */
    default void check(AppointmentRequest appointment) {
    }

    /** Delivers or hands on the reminder; throws when this attempt failed. */
    void send(DueReminder reminder);
}
