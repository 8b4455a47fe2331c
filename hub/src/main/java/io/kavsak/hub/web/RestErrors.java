package io.kavsak.hub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Turns whatever a REST route threw into its problem+json answer; used by the {@code rest-errors}
 * route configuration. Unexpected failures are logged with an id and answered without internals.
 */
@Component("restErrors")
public class RestErrors {

    private static final Logger log = LoggerFactory.getLogger(RestErrors.class);

    private final Problems problems;

    public RestErrors(Problems problems) {
        this.problems = problems;
    }

    public void render(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String instance = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        HttpStatus status;
        String body;
        Long retryAfter = null;
        ApiProblem problem = find(error, ApiProblem.class);
        if (problem != null) {
            status = problem.status();
            body = problems.document(problem, instance);
            retryAfter = problem.retryAfterSeconds();
        } else if (find(error, JsonProcessingException.class) != null) {
            status = HttpStatus.BAD_REQUEST;
            body = problems.document(status, "Invalid request", "The body is not valid JSON", "body", instance);
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            String errorId = exchange.getExchangeId();
            // the route, not the URI: paths carry user ids
            log.error("Route {} failed (error id {})", exchange.getFromRouteId(), errorId, error);
            body = problems.document(status, null, "The hub failed to answer; error id " + errorId, null, instance);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status.value());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Problems.MEDIA_TYPE);
        if (retryAfter != null) {
            exchange.getMessage().setHeader("Retry-After", retryAfter);
        }
        exchange.getMessage().setBody(body);
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
