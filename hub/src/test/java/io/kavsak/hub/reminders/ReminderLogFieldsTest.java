package io.kavsak.hub.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** The log channel's line, encoded as the json-logs profile encodes it (ECS), carries the seed's fields. */
class ReminderLogFieldsTest {

    @Test
    void theReminderLineCarriesTaskNameAppointmentIdAndRetryAsJsonFields() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(LogReminderChannel.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            Instant starts = Instant.parse("2026-12-08T07:30:00Z");
            new LogReminderChannel().send(new DueReminder(7, "acme", "appt-1001", "user-42", "log",
                    starts.minusSeconds(3600), starts, "Europe/Istanbul", "Dentist", null, null, 2));
        } finally {
            logger.detachAppender(lines);
        }
        assertThat(lines.list).hasSize(1);

        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new MockEnvironment());
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("ecs");
        encoder.start();
        JsonNode json = new ObjectMapper().readTree(new String(encoder.encode(lines.list.get(0)), StandardCharsets.UTF_8));

        assertThat(json.path("task_name").asText()).isEqualTo("appointments.send_reminder");
        assertThat(json.path("appointment_id").asText()).isEqualTo("appt-1001");
        assertThat(json.path("retry").asInt()).isEqualTo(2);
        assertThat(json.path("message").asText())
                .isEqualTo("Reminder: appointment appt-1001 of user user-42 starts at 2026-12-08T10:30+03:00[Europe/Istanbul]");
    }
}
