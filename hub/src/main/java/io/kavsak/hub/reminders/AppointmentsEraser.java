package io.kavsak.hub.reminders;

import io.kavsak.hub.recall.ErasureTarget;
import io.kavsak.hub.recall.RecallJob;
import org.springframework.stereotype.Component;

/**
 * Recall target for appointments: every appointment of the recalled user and all its reminders are deleted, in
 * both modes. A reminder of an anonymized user could not be sent to anyone, and the rows hold the user's email
 * address and the appointment's title. Mails a reminder already requested are erased by the notification-log and
 * event-payload targets, which find the user's id in the request.
 */
@Component
public class AppointmentsEraser implements ErasureTarget {

    private final Appointments appointments;

    public AppointmentsEraser(Appointments appointments) {
        this.appointments = appointments;
    }

    @Override
    public String name() {
        return "appointments";
    }

    @Override
    public int order() {
        // before event-payloads (300) and notification-log (320): no new mail request is written after them
        return 250;
    }

    @Override
    public long erase(RecallJob job) {
        return appointments.eraseUser(job.tenantId(), job.userId());
    }
}
