package io.kavsak.hub.indexing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.web.ApiProblem;

/** Reads a catalog API body into its record, naming the field in every 400. */
final class CatalogInputs {

    private CatalogInputs() {
    }

    static <T> T read(ObjectMapper json, String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("body", "A JSON object body is required");
        }
        try {
            return json.readValue(body, type);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getFieldName();
            throw ApiProblem.badRequest(field == null ? "body" : field, "'" + field + "' has the wrong type");
        } catch (Exception e) {
            throw ApiProblem.badRequest("body", "The body is not valid JSON");
        }
    }

    static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.badRequest(field, "'" + field + "' is required");
        }
    }
}
