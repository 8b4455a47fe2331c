package io.kavsak.hub.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventReaderTest {

    private final EventReader reader = new EventReader();

    private static final String OBJECT_CHANGED = """
            {
              "event_type": "schema.object.changed",
              "tenant_id": "tenant-uuid",
              "datasource_id": "ds-uuid-1",
              "exposed_object_id": "obj-uuid",
              "change_type": "updated", // "created" | "deleted"
              "changed_at": "2025-12-05T10:00:00Z"
            }
            """;

    @Test
    void commentsAsInTheSeedExamplesAreTolerated() {
        EventEnvelope event = reader.read(OBJECT_CHANGED, "schema.object.changed");
        assertThat(event.type()).isEqualTo(EventType.SCHEMA_OBJECT_CHANGED);
        assertThat(event.tenantId()).isEqualTo("tenant-uuid");
        assertThat(event.occurredAt()).hasToString("2025-12-05T10:00:00Z");
    }

    @Test
    void aMissingEventIdIsDerivedFromTheContentIndependentlyOfFieldOrderAndLayout() {
        String reordered = """
                {"changed_at": "2025-12-05T10:00:00Z", "change_type": "updated", "exposed_object_id": "obj-uuid",
                 "datasource_id": "ds-uuid-1", "tenant_id": "tenant-uuid", "event_type": "schema.object.changed"}
                """;
        String first = reader.read(OBJECT_CHANGED, null).eventId();
        assertThat(reader.read(reordered, null).eventId()).isEqualTo(first);
        assertThat(reader.read(OBJECT_CHANGED.replace("obj-uuid", "obj-2"), null).eventId()).isNotEqualTo(first);
    }

    @Test
    void aGivenEventIdIsKept() {
        String withId = OBJECT_CHANGED.replace("{", "{\"event_id\": \"e-1\",");
        assertThat(reader.read(withId, null).eventId()).isEqualTo("e-1");
    }

    @Test
    void missingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> reader.read(OBJECT_CHANGED.replace("\"datasource_id\": \"ds-uuid-1\",", ""), null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("'datasource_id'");
    }

    @Test
    void enumeratedValuesAreChecked() {
        assertThatThrownBy(() -> reader.read(OBJECT_CHANGED.replace("\"updated\"", "\"renamed\""), null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("change_type");
    }

    @Test
    void timestampsMustBeIso8601() {
        assertThatThrownBy(() -> reader.read(OBJECT_CHANGED.replace("2025-12-05T10:00:00Z", "yesterday"), null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("changed_at");
    }

    @Test
    void unknownTypesAndWrongTopicsAreRejected() {
        assertThatThrownBy(() -> reader.read("{\"event_type\": \"x.y\", \"tenant_id\": \"t\"}", null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("unknown event_type");
        assertThatThrownBy(() -> reader.read(OBJECT_CHANGED, "schema.column.changed"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> reader.read("[1,2]", null)).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> reader.read("", null)).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void everyCatalogueTopicHasADeadLetterTwinAndIntakeCoversTheSeedEvents() {
        for (EventType type : EventType.values()) {
            assertThat(type.deadLetterTopic()).isEqualTo(type.topic() + ".dlq");
            assertThat(type.requiredFields()).contains("tenant_id");
        }
        assertThat(EventType.intakeTopics().split(",")).contains("tenant.onboarding.completed",
                "notification.email.requested").doesNotContain("privacy.recall.requested", "scheduler.job.due");
    }
}
