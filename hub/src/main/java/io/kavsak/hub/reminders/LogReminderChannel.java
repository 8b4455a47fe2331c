package io.kavsak.hub.reminders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The seed's current behaviour: the reminder is a log line. It is written once the reminder is marked sent
 * (after the commit), so a rolled-back poll writes nothing and a committed one writes it once.
 */
@Component
public class LogReminderChannel implements ReminderChannel {

    private static final Logger log = LoggerFactory.getLogger(LogReminderChannel.class);

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void send(DueReminder reminder) {
        Runnable line = () -> log.atInfo()
                .addKeyValue("task_name", ReminderDispatcher.TASK_NAME)
                .addKeyValue("appointment_id", reminder.appointmentId())
                .addKeyValue("retry", reminder.attempts())
                .addKeyValue("tenant_id", reminder.tenantId())
                .log("Reminder: appointment {} of user {} starts at {}", reminder.appointmentId(),
                        reminder.userId(), reminder.localStart());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    line.run();
                }
            });
        } else {
            line.run();
        }
    }
}
