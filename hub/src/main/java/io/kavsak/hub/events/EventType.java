package io.kavsak.hub.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The topic catalogue: every event Kavsak produces or consumes, its topic, the fields it must carry
 * and the allowed values of its enumerated fields. Topic names are the event types, as in seed 002;
 * each has a {@code <topic>.dlq} twin for events that could not be handled.
 */
public enum EventType {

    // seed 002: tenant and schema metadata
    TENANT_ONBOARDING_COMPLETED("tenant.onboarding.completed", Origin.EXTERNAL, "completed_at",
            List.of("tenant_id", "datasource_ids", "completed_at", "triggered_by_user_id")),
    SCHEMA_INDEX_REQUESTED("schema.index.requested", Origin.EXTERNAL, "requested_at",
            List.of("tenant_id", "datasource_ids", "reason", "requested_at")),
    SCHEMA_OBJECT_CHANGED("schema.object.changed", Origin.EXTERNAL, "changed_at",
            List.of("tenant_id", "datasource_id", "exposed_object_id", "change_type", "changed_at"),
            Map.of("change_type", Set.of("created", "updated", "deleted"))),
    SCHEMA_COLUMN_CHANGED("schema.column.changed", Origin.EXTERNAL, "changed_at",
            List.of("tenant_id", "datasource_id", "exposed_object_id", "exposed_column_id", "change_type",
                    "changed_at"),
            Map.of("change_type", Set.of("created", "updated", "deleted"))),
    // seed 002: context for NL-to-SQL
    BUSINESS_RULE_CHANGED("context.business-rule.changed", Origin.EXTERNAL, "changed_at",
            List.of("tenant_id", "business_rule_id", "change_type", "changed_at"),
            Map.of("change_type", Set.of("created", "updated", "deleted"))),
    GOLDEN_QA_CREATED("context.golden-qa.created", Origin.EXTERNAL, "created_at",
            List.of("tenant_id", "datasource_id", "golden_qa_id", "query_run_id", "created_by_user_id",
                    "created_at")),
    QUERY_FEEDBACK_CREATED("context.query-feedback.created", Origin.EXTERNAL, "created_at",
            List.of("tenant_id", "query_run_id", "feedback_id", "feedback_type", "created_by_user_id",
                    "created_at")),
    // seed 002: queries, schedules and notifications
    QUERY_RUN_COMPLETED("query.run.completed", Origin.EXTERNAL, "finished_at",
            List.of("tenant_id", "user_id", "query_run_id", "datasource_id", "status", "started_at",
                    "finished_at"),
            Map.of("status", Set.of("succeeded", "failed"))),
    // produced by Kavsak's report scheduler (reports/ReportRuns) through the outbox
    SCHEDULER_JOB_DUE("scheduler.job.due", Origin.KAVSAK, "due_at",
            List.of("tenant_id", "job_id", "favorite_query_id", "run_at", "request_id", "due_at")),
    SCHEDULER_JOB_COMPLETED("scheduler.job.completed", Origin.KAVSAK, "run_at",
            List.of("tenant_id", "job_id", "favorite_query_id", "run_at", "status", "delivery_channel",
                    "delivery_format", "request_id"),
            Map.of("status", Set.of("succeeded"), "delivery_channel", Set.of("email"),
                    "delivery_format", Set.of("excel", "pdf", "csv"))),
    SCHEDULER_JOB_FAILED("scheduler.job.failed", Origin.KAVSAK, "run_at",
            List.of("tenant_id", "job_id", "favorite_query_id", "run_at", "status", "error_message", "request_id"),
            Map.of("status", Set.of("failed"))),
    // subject optional: without it the template's subject is used (notification/NotificationTemplates)
    EMAIL_REQUESTED("notification.email.requested", Origin.EXTERNAL, "requested_at",
            List.of("tenant_id", "to", "body_template", "requested_at")),
    // the outcome events never carry the recipient's address (docs/notification.md)
    EMAIL_SENT("notification.email.sent", Origin.KAVSAK, "sent_at",
            List.of("tenant_id", "notification_id", "request_event_id", "template", "provider", "smtp_message_id",
                    "attempts", "sent_at")),
    EMAIL_FAILED("notification.email.failed", Origin.KAVSAK, "failed_at",
            List.of("tenant_id", "notification_id", "request_event_id", "template", "attempts", "reason",
                    "failed_at")),
    // Kavsak: recall (seed 000)
    RECALL_REQUESTED("privacy.recall.requested", Origin.KAVSAK, "requested_at",
            List.of("tenant_id", "recall_id", "user_id", "mode", "requested_at"),
            Map.of("mode", Set.of("FULL_EXCLUDE", "ANONYMIZE"))),
    RECALL_COMPLETED("privacy.recall.completed", Origin.KAVSAK, "completed_at",
            List.of("tenant_id", "recall_id", "user_id", "mode", "completed_at")),
    RECALL_SLA_WARNING("privacy.recall.sla.warning", Origin.KAVSAK, "warned_at",
            List.of("tenant_id", "recall_id", "deadline", "warned_at")),
    RECALL_SLA_BREACHED("privacy.recall.sla.breached", Origin.KAVSAK, "breached_at",
            List.of("tenant_id", "recall_id", "deadline", "breached_at")),
    // recall (seed 000): the stores a recall erases, fed by other systems on their own topics
    FEATURE_UPSERTED("feature.upserted", Origin.FEED, "updated_at",
            List.of("tenant_id", "user_id", "features", "updated_at")),
    TRAINING_EVENT_RECORDED("training.event.recorded", Origin.FEED, "occurred_at",
            List.of("tenant_id", "user_id", "training_event_id", "kind", "occurred_at")),
    // Kavsak: CV parsing (seed 001)
    PARSER_JOB_REQUESTED("parser.job.requested", Origin.KAVSAK, "requested_at",
            List.of("tenant_id", "job_id", "requested_at")),
    PARSER_JOB_COMPLETED("parser.job.completed", Origin.KAVSAK, "completed_at",
            List.of("tenant_id", "job_id", "status", "completed_at"),
            Map.of("status", Set.of("success", "failed"))),
    // Kavsak: indexing (seed 002): a vector was written or removed; every replica's search index applies it
    INDEX_VECTOR_CHANGED("indexing.vector.changed", Origin.KAVSAK, "changed_at",
            List.of("tenant_id", "collection", "record_id", "change_type", "changed_at"),
            Map.of("change_type", Set.of("upserted", "deleted"))),
    // Kavsak: ML models (seed 003)
    MODEL_VERSION_SAVED("model.version.saved", Origin.KAVSAK, "saved_at",
            List.of("tenant_id", "model_name", "version", "saved_at")),
    MODEL_CLEANUP_COMPLETED("model.cleanup.completed", Origin.KAVSAK, "completed_at",
            List.of("tenant_id", "model_name", "completed_at")),
    MODEL_VERSION_ACTIVATED("model.version.activated", Origin.KAVSAK, "activated_at",
            List.of("tenant_id", "model_name", "version", "actor", "activated_at")),
    MODEL_VERSION_QUARANTINED("model.version.quarantined", Origin.KAVSAK, "quarantined_at",
            List.of("tenant_id", "model_name", "version", "reason", "quarantined_at")),
    // Kavsak: query-run anomaly detection (seed 003 tasks 9, 14); no user, question or SQL in the payload
    QUERY_RUN_ANOMALY_DETECTED("query.run.anomaly.detected", Origin.KAVSAK, "detected_at",
            List.of("tenant_id", "query_run_id", "score", "detector", "model_name", "features", "detected_at"),
            Map.of("detector", Set.of("model", "zscore"))),
    ANOMALY_DETECTOR_FALLBACK_ALERT("anomaly.detector.fallback.alert", Origin.KAVSAK, "alerted_at",
            List.of("tenant_id", "model_name", "fallback_rate", "window", "reason", "alerted_at")),
    // Kavsak: token service (issue 16): a rotated refresh token came back; its whole family is revoked (no token values)
    SESSION_REUSE_DETECTED("session.reuse.detected", Origin.KAVSAK, "detected_at",
            List.of("tenant_id", "user_id", "family_id", "detected_at"));

    /**
     * Who produces the event: another system of the platform, or Kavsak itself (through its outbox).
     * FEED events come from other systems too, but a dedicated pipeline route consumes them instead of
     * the generic intake.
     */
    public enum Origin { EXTERNAL, KAVSAK, FEED }

    public static final String DLQ_SUFFIX = ".dlq";

    private static final Map<String, EventType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::eventType, Function.identity()));

    private final String eventType;
    private final Origin origin;
    private final String timeField;
    private final List<String> requiredFields;
    private final Map<String, Set<String>> allowedValues;

    EventType(String eventType, Origin origin, String timeField, List<String> requiredFields) {
        this(eventType, origin, timeField, requiredFields, Map.of());
    }

    EventType(String eventType, Origin origin, String timeField, List<String> requiredFields,
              Map<String, Set<String>> allowedValues) {
        this.eventType = eventType;
        this.origin = origin;
        this.timeField = timeField;
        this.requiredFields = requiredFields;
        this.allowedValues = allowedValues;
    }

    public static Optional<EventType> of(String eventType) {
        return Optional.ofNullable(eventType).map(BY_NAME::get);
    }

    public String eventType() {
        return eventType;
    }

    public String topic() {
        return eventType;
    }

    public String deadLetterTopic() {
        return eventType + DLQ_SUFFIX;
    }

    public Origin origin() {
        return origin;
    }

    /**
     * The field whose value keys the event's Kafka record. Events are keyed by tenant, so each tenant's
     * events keep their order, except independent units of work (a parsing job, a recall request),
     * keyed by their own id: their events stay in order per job while one tenant's jobs spread over
     * every partition and every worker.
     */
    public String keyField() {
        return switch (this) {
            case PARSER_JOB_REQUESTED, PARSER_JOB_COMPLETED -> "job_id";
            case RECALL_REQUESTED, RECALL_COMPLETED, RECALL_SLA_WARNING, RECALL_SLA_BREACHED -> "recall_id";
            default -> "tenant_id";
        };
    }

    /** The payload field that says when the event happened; copied into {@code occurred_at}. */
    public String timeField() {
        return timeField;
    }

    public List<String> requiredFields() {
        return requiredFields;
    }

    public Map<String, Set<String>> allowedValues() {
        return allowedValues;
    }

    /** The topics of events that other systems produce and the event backbone validates and records. */
    public static String intakeTopics() {
        return Arrays.stream(values()).filter(t -> t.origin == Origin.EXTERNAL)
                .map(EventType::topic).collect(Collectors.joining(","));
    }
}
