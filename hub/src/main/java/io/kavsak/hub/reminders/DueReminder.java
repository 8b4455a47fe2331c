package io.kavsak.hub.reminders;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** A reminder the poller claimed, with the appointment it reminds of; {@code attempts} counts earlier tries. */
public record DueReminder(long id, String tenantId, String appointmentId, String userId, String channel,
                          Instant dueAt, Instant startsAt, String timeZone, String title, String email,
                          String locale, int attempts) {

    /** The appointment's start in its own zone, as its user reads it. */
    public ZonedDateTime localStart() {
        return startsAt.atZone(ZoneId.of(timeZone));
    }
}
