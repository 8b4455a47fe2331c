package io.kavsak.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kavsak.hub.events.EventReader;
import io.kavsak.hub.events.EventType;
import io.kavsak.hub.events.InvalidEventException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The scheduler's events in the catalogue: the seed's examples are valid, and what ReportRuns drops is not. */
class SchedulerEventsTest {

    private final EventReader reader = new EventReader();

    private static String seed(String eventType) throws Exception {
        try (InputStream in = SchedulerEventsTest.class.getResourceAsStream("/seed-002/" + eventType + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSeedsSchedulerExamplesAreValidAndKavsakProducesThem() throws Exception {
        assertThat(reader.read(seed("scheduler.job.completed"), "scheduler.job.completed").text("request_id"))
                .isEqualTo("req-uuid");
        assertThat(reader.read(seed("scheduler.job.failed"), "scheduler.job.failed").text("error_message"))
                .isEqualTo("DB timeout");
        assertThat(EventType.SCHEDULER_JOB_DUE.origin()).isEqualTo(EventType.Origin.KAVSAK);
        assertThat(EventType.SCHEDULER_JOB_COMPLETED.origin()).isEqualTo(EventType.Origin.KAVSAK);
        assertThat(EventType.SCHEDULER_JOB_FAILED.origin()).isEqualTo(EventType.Origin.KAVSAK);
    }

    @Test
    void aCompletedEventWithoutTheSeedsDeliveryFieldsOrWithAnUnknownFormatIsRefused() throws Exception {
        String completed = seed("scheduler.job.completed");
        assertThatThrownBy(() -> reader.read(completed.replace("\"delivery_format\": \"excel\",", ""),
                "scheduler.job.completed")).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> reader.read(completed.replace("\"excel\"", "\"xml\""), "scheduler.job.completed"))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> reader.read(completed.replace("\"request_id\": \"req-uuid\"", "\"x\": 1"),
                "scheduler.job.completed")).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void retriesWaitTheInitialDelayDoubledPerAttemptUpToTheMaximum() {
        ScheduleProperties properties = new ScheduleProperties(5, Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofDays(30), "0 15 * * * ?", Duration.ofMinutes(1));
        assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.backoff(3)).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.backoff(4)).isEqualTo(Duration.ofSeconds(120));
        assertThat(properties.backoff(5)).isEqualTo(Duration.ofSeconds(120));
    }
}
