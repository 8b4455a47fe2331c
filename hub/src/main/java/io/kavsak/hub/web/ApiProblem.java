package io.kavsak.hub.web;

import org.springframework.http.HttpStatus;

/** A client-facing failure that becomes an RFC 9457 problem document with its own status. */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final String field;

    public ApiProblem(HttpStatus status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static ApiProblem badRequest(String field, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", detail, field);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "Not found", what + " does not exist", null);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "Forbidden", detail, null);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "Conflict", detail, null);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The request field at fault, or null when the problem is not about one field. */
    public String field() {
        return field;
    }
}
