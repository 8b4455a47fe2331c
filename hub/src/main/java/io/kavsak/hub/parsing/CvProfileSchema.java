package io.kavsak.hub.parsing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The professional profile a parsed CV may hold, and nothing else: everything outside these fields
 * (a first name, an e-mail, a phone number an LLM volunteers) is dropped, every string is scrubbed
 * by the redactor, and a shape that does not fit is rejected.
 */
public final class CvProfileSchema {

    enum Type { TEXT, NUMBER, BOOLEAN, TEXTS }

    static final Map<String, Type> BASICS = ordered(
            "profession", Type.TEXT, "total_experience_in_years", Type.NUMBER, "summary", Type.TEXT,
            "has_driving_license", Type.BOOLEAN, "skills", Type.TEXTS);
    static final Map<String, Type> EXPERIENCE = ordered(
            "title", Type.TEXT, "company", Type.TEXT, "start_date", Type.TEXT, "end_date", Type.TEXT,
            "is_current", Type.BOOLEAN, "description", Type.TEXT);
    static final Map<String, Type> EDUCATION = ordered(
            "degree", Type.TEXT, "field_of_study", Type.TEXT, "school", Type.TEXT, "start_date", Type.TEXT,
            "end_date", Type.TEXT);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CvProfileSchema() {
    }

    /** A description of the schema for the LLM's instructions. */
    static String describe() {
        return "{\"profile\": {\"basics\": " + fields(BASICS) + ", \"professional_experiences\": ["
                + fields(EXPERIENCE) + "], \"education\": [" + fields(EDUCATION) + "]}}";
    }

    /**
     * Validates {@code raw} (an object with a {@code profile}, or the profile itself) and returns the
     * profile reduced to the schema's fields, every string scrubbed.
     */
    static ObjectNode filter(JsonNode raw, PersonalDataRedactor redactor, Set<String> names) {
        if (raw == null || !raw.isObject()) {
            throw new CvRejectedException("The LLM's answer is not a JSON object");
        }
        JsonNode profile = raw.has("profile") ? raw.get("profile") : raw;
        if (!profile.isObject() || !profile.path("basics").isObject()) {
            throw new CvRejectedException("The LLM's answer does not match the profile schema: profile.basics missing");
        }
        ObjectNode out = NODES.objectNode();
        out.set("basics", object(profile.get("basics"), BASICS, "profile.basics", redactor, names));
        out.set("professional_experiences",
                list(profile.get("professional_experiences"), EXPERIENCE, "profile.professional_experiences",
                        redactor, names));
        out.set("education", list(profile.get("education"), EDUCATION, "profile.education", redactor, names));
        return out;
    }

    private static ArrayNode list(JsonNode node, Map<String, Type> fields, String path, PersonalDataRedactor redactor,
                                  Set<String> names) {
        ArrayNode out = NODES.arrayNode();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw mismatch(path, "an array");
        }
        for (JsonNode item : node) {
            out.add(object(item, fields, path + "[]", redactor, names));
        }
        return out;
    }

    private static ObjectNode object(JsonNode node, Map<String, Type> fields, String path,
                                     PersonalDataRedactor redactor, Set<String> names) {
        if (!node.isObject()) {
            throw mismatch(path, "an object");
        }
        ObjectNode out = NODES.objectNode();
        fields.forEach((field, type) -> {
            JsonNode value = node.get(field);
            String at = path + "." + field;
            if (value == null || value.isNull()) {
                out.set(field, type == Type.TEXTS ? NODES.arrayNode() : NODES.nullNode());
                return;
            }
            switch (type) {
                case TEXT -> {
                    if (!value.isTextual() && !value.isNumber()) {
                        throw mismatch(at, "a string");
                    }
                    String text = redactor.scrub(value.asText().trim(), names);
                    out.put(field, text.isBlank() ? null : text);
                }
                case NUMBER -> {
                    if (!value.isNumber()) {
                        throw mismatch(at, "a number");
                    }
                    out.put(field, value.asDouble());
                }
                case BOOLEAN -> {
                    if (!value.isBoolean()) {
                        throw mismatch(at, "a boolean");
                    }
                    out.put(field, value.asBoolean());
                }
                case TEXTS -> {
                    if (!value.isArray()) {
                        throw mismatch(at, "an array of strings");
                    }
                    ArrayNode texts = NODES.arrayNode();
                    for (JsonNode item : value) {
                        if (!item.isTextual()) {
                            throw mismatch(at, "an array of strings");
                        }
                        String text = redactor.scrub(item.asText().trim(), names);
                        if (!text.isBlank() && !text.contains(PersonalDataRedactor.MARK)) {
                            texts.add(text);
                        }
                    }
                    out.set(field, texts);
                }
            }
        });
        return out;
    }

    private static CvRejectedException mismatch(String path, String expected) {
        return new CvRejectedException("The LLM's answer does not match the profile schema: " + path
                + " must be " + expected);
    }

    private static String fields(Map<String, Type> fields) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((field, type) -> out.append(out.length() > 1 ? ", " : "").append('"').append(field)
                .append("\": ").append(switch (type) {
                    case TEXT -> "string|null";
                    case NUMBER -> "number|null";
                    case BOOLEAN -> "boolean|null";
                    case TEXTS -> "[string]";
                }));
        return out.append('}').toString();
    }

    private static Map<String, Type> ordered(Object... pairs) {
        Map<String, Type> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Type) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    static List<String> topLevelFields() {
        return List.of("basics", "professional_experiences", "education");
    }
}
