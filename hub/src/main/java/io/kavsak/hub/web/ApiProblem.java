package io.kavsak.hub.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** A client-facing failure that becomes an RFC 9457 problem document with its own status. */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final String field;
    private final Duration retryAfter;

    public ApiProblem(HttpStatus status, String title, String detail, String field) {
        this(status, title, detail, field, null);
    }

    private ApiProblem(HttpStatus status, String title, String detail, String field, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    /** A limit is full for now: the caller may try again after {@code retryAfter} (sent as {@code Retry-After}). */
    public static ApiProblem busy(HttpStatus status, String title, String detail, Duration retryAfter) {
        return new ApiProblem(status, title, detail, null, retryAfter);
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

    /** Seconds to send as {@code Retry-After}, or null when the problem does not pass by waiting. */
    public Long retryAfterSeconds() {
        return retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    /** The request field at fault, or null when the problem is not about one field. */
    public String field() {
        return field;
    }
}
