package io.kavsak.hub.reminders;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.Outbox;
import io.kavsak.hub.notification.Notification;
import io.kavsak.hub.notification.NotificationTemplates;
import io.kavsak.hub.web.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Sends the reminder as a mail through the notification pipeline: a {@code notification.email.requested} event
 * with the built-in {@code appointment_reminder} template, written to the outbox in the poll's transaction. The
 * template is rendered here first, as the pipeline will render it, so a template that cannot be rendered (e.g. a
 * tenant's override that needs a parameter a reminder does not have) is a failed attempt that is retried and
 * then recorded failed, instead of a request the pipeline would fail later. The event id is derived from the
 * reminder, so the pipeline sends one mail for it even if the event is published twice.
 */
@Component
public class EmailReminderChannel implements ReminderChannel {

    public static final String TEMPLATE = "appointment_reminder";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Outbox outbox;
    private final NotificationTemplates templates;
    private final ObjectMapper json;

    public EmailReminderChannel(Outbox outbox, NotificationTemplates templates, ObjectMapper json) {
        this.outbox = outbox;
        this.templates = templates;
        this.json = json;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void check(AppointmentRequest appointment) {
        if (appointment.email() == null || appointment.email().isBlank()) {
            throw ApiProblem.badRequest("email", "'email' is required with channel email");
        }
    }

    @Override
    public void send(DueReminder reminder) {
        if (reminder.email() == null) {
            throw new IllegalStateException("appointment " + reminder.appointmentId() + " has no email address");
        }
        String eventId = UUID.nameUUIDFromBytes(("reminder:" + reminder.id() + ":" + reminder.dueAt())
                .getBytes(StandardCharsets.UTF_8)).toString();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("appointment_at", TIME.format(reminder.localStart()) + " (" + reminder.timeZone() + ")");
        params.put("title", reminder.title());
        // names the user in the request, so a recall's notification-log and event-payload targets find it
        params.put("user_id", reminder.userId());
        params.put("appointment_id", reminder.appointmentId());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event_id", eventId);
        payload.put("to", reminder.email());
        payload.put("body_template", TEMPLATE);
        payload.put("body_params", params);
        payload.put("requested_by", "reminders");
        if (reminder.locale() != null) {
            payload.put("locale", reminder.locale());
        }
        Instant now = Instant.now();
        templates.render(new Notification(null, eventId, reminder.tenantId(), reminder.email(), TEMPLATE,
                reminder.locale(), json.valueToTree(payload), now, now));
        outbox.append(EventType.EMAIL_REQUESTED, reminder.tenantId(), payload);
    }
}
