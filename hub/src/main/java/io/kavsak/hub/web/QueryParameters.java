package io.kavsak.hub.web;

/** Reads query parameters, naming the parameter in every 400 it raises. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** A whole number within [min, max]; {@code fallback} when the parameter is absent. */
    public static long wholeNumber(String field, String text, long min, long max, long fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw ApiProblem.badRequest(field, "'" + field + "' must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(field, "'" + field + "' must be a whole number");
        }
    }
}
