package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * One claimed notification on its way to the SMTP server: the request as the producer sent it
 * ({@code notification.email.requested}, seed 002 §5.3) and the locale its mail is written in.
 */
public record Notification(UUID id, String eventId, String tenantId, String recipient, String template,
                           String locale, JsonNode request, Instant requestedAt, Instant acceptedAt) {

    /** The request's subject line, itself a template over the parameters; null: the template's subject. */
    public String subject() {
        return text("subject");
    }

    public JsonNode params() {
        return request.path("body_params");
    }

    public JsonNode attachments() {
        return request.path("attachments");
    }

    private String text(String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }
}
