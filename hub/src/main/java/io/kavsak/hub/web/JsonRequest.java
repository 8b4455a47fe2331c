package io.kavsak.hub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Arrays;
import java.util.regex.Pattern;

/** Reads a JSON request body field by field, naming the field in every 400 it raises. */
public final class JsonRequest {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final JsonNode body;

    private JsonRequest(JsonNode body) {
        this.body = body;
    }

    /**
     * Reads a body into its record and checks the record's Bean Validation constraints; the first violation is a
     * 400 naming its property.
     */
    public static <T> T typed(ObjectMapper json, Validator validator, String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest(null, "The request needs a JSON body");
        }
        T body;
        try {
            body = json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest(null, "The body is not valid JSON for this operation: " + e.getOriginalMessage());
        }
        for (ConstraintViolation<T> violation : validator.validate(body)) {
            // the body's own (snake_case) name: recipients[0], not recipients[0].<list element>; jdbc_url, not jdbcUrl
            String field = violation.getPropertyPath().toString().replace(".<list element>", "")
                    .replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
            throw ApiProblem.badRequest(field, "'" + field + "' " + violation.getMessage());
        }
        return body;
    }

    public static JsonRequest parse(ObjectMapper json, String text) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.badRequest("body", "A JSON object body is required");
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (Exception e) {
            throw ApiProblem.badRequest("body", "The body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiProblem.badRequest("body", "The body must be a JSON object");
        }
        return new JsonRequest(node);
    }

    public String requiredText(String field) {
        String value = optionalText(field);
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest(field, "'" + field + "' is required");
        }
        return value;
    }

    public String optionalText(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiProblem.badRequest(field, "'" + field + "' must be a string");
        }
        return value.asText();
    }

    public String optionalEmail(String field) {
        String value = optionalText(field);
        if (value != null && !EMAIL.matcher(value).matches()) {
            throw ApiProblem.badRequest(field, "'" + field + "' must be an e-mail address");
        }
        return value;
    }

    public <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
        String value = requiredText(field);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(field, "'" + field + "' must be one of "
                    + Arrays.toString(type.getEnumConstants()) + ", not '" + value + "'");
        }
    }

    public JsonNode node() {
        return body;
    }
}
