package io.kavsak.operator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Checks a custom resource against a generated CRD's structural schema the way the API server would, offline:
 * types, required fields, enums, patterns, lengths, bounds, unknown fields, and the {@code self == oldSelf}
 * transition rules. Any other CEL rule is refused, so a rule the test cannot judge never passes silently.
 */
final class CrdSchemaValidator {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String IMMUTABLE_RULE = "self == oldSelf";

  private final String kind;
  private final JsonNode schema;

  private CrdSchemaValidator(String kind, JsonNode schema) {
    this.kind = kind;
    this.schema = schema;
  }

  static CrdSchemaValidator of(Path crdFile) throws IOException {
    JsonNode crd = YAML.readTree(crdFile.toFile());
    JsonNode version = crd.at("/spec/versions/0");
    return new CrdSchemaValidator(crd.at("/spec/names/kind").asText(), version.at("/schema/openAPIV3Schema"));
  }

  String kind() {
    return kind;
  }

  JsonNode schema() {
    return schema;
  }

  /** Errors for creating {@code resource}; empty when the API server would accept it. */
  List<String> validateCreate(JsonNode resource) {
    return validateUpdate(null, resource);
  }

  /** Errors for replacing {@code old} with {@code updated}; {@code old} may be null for a create. */
  List<String> validateUpdate(JsonNode old, JsonNode updated) {
    List<String> errors = new ArrayList<>();
    JsonNode withoutMetadata = updated.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) withoutMetadata).remove(List.of("apiVersion", "kind", "metadata"));
    JsonNode oldWithoutMetadata = null;
    if (old != null) {
      oldWithoutMetadata = old.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) oldWithoutMetadata).remove(List.of("apiVersion", "kind", "metadata"));
    }
    validate("", schema, withoutMetadata, oldWithoutMetadata, errors);
    return errors;
  }

  private void validate(String path, JsonNode s, JsonNode value, JsonNode old, List<String> errors) {
    if (s.path("x-kubernetes-int-or-string").asBoolean()) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        errors.add(path + ": must be an integer or a string");
      }
    } else {
      checkType(path, s.path("type").asText(), value, errors);
    }
    checkScalarConstraints(path, s, value, errors);
    checkTransitionRules(path, s, value, old, errors);
    if (value.isObject()) {
      validateObject(path, s, value, old, errors);
    } else if (value.isArray()) {
      if (s.has("minItems") && value.size() < s.get("minItems").asInt()) {
        errors.add(path + ": must have at least " + s.get("minItems").asInt() + " items");
      }
      for (int i = 0; i < value.size(); i++) {
        validate(path + "[" + i + "]", s.path("items"), value.get(i), null, errors);
      }
    }
  }

  private void validateObject(String path, JsonNode s, JsonNode value, JsonNode old, List<String> errors) {
    for (JsonNode required : s.path("required")) {
      if (!value.has(required.asText())) {
        errors.add(path + "." + required.asText() + ": Required value");
      }
    }
    JsonNode properties = s.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!properties.has(field.getKey())) {
        errors.add(path + "." + field.getKey() + ": field not declared in schema");
        continue;
      }
      JsonNode oldField = old == null ? null : old.get(field.getKey());
      validate(path + "." + field.getKey(), properties.get(field.getKey()), field.getValue(), oldField, errors);
    }
  }

  private static void checkType(String path, String type, JsonNode value, List<String> errors) {
    boolean ok = switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> throw new IllegalStateException(path + ": schema type '" + type + "' is not handled");
    };
    if (!ok) {
      errors.add(path + ": must be of type " + type);
    }
  }

  private static void checkScalarConstraints(String path, JsonNode s, JsonNode value, List<String> errors) {
    if (s.has("enum")) {
      boolean member = false;
      for (JsonNode allowed : s.get("enum")) {
        member |= allowed.equals(value);
      }
      if (!member) {
        errors.add(path + ": Unsupported value " + value + ", supported values: " + s.get("enum"));
      }
    }
    if (value.isTextual()) {
      String text = value.asText();
      if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(text).find()) {
        errors.add(path + ": should match '" + s.get("pattern").asText() + "'");
      }
      if (s.has("minLength") && text.length() < s.get("minLength").asInt()) {
        errors.add(path + ": should be at least " + s.get("minLength").asInt() + " chars long");
      }
      if (s.has("maxLength") && text.length() > s.get("maxLength").asInt()) {
        errors.add(path + ": may not be longer than " + s.get("maxLength").asInt());
      }
    }
    if (value.isNumber()) {
      if (s.has("minimum") && value.asDouble() < s.get("minimum").asDouble()) {
        errors.add(path + ": should be greater than or equal to " + s.get("minimum").asDouble());
      }
      if (s.has("maximum") && value.asDouble() > s.get("maximum").asDouble()) {
        errors.add(path + ": should be less than or equal to " + s.get("maximum").asDouble());
      }
    }
  }

  private static void checkTransitionRules(String path, JsonNode s, JsonNode value, JsonNode old, List<String> errors) {
    for (JsonNode rule : s.path("x-kubernetes-validations")) {
      if (!IMMUTABLE_RULE.equals(rule.path("rule").asText())) {
        throw new IllegalStateException(path + ": CEL rule '" + rule.path("rule").asText() + "' is not handled");
      }
      if (old != null && !Objects.equals(old, value)) {
        errors.add(path + ": Invalid value: " + rule.path("message").asText());
      }
    }
  }
}
