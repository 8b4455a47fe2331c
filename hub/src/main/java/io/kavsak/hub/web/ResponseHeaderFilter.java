package io.kavsak.hub.web;

import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.springframework.stereotype.Component;

/**
 * Lets only response headers that mean something to an HTTP client out of a REST route, and keeps
 * client-sent names that pose as Camel or Kavsak headers out of the routes.
 */
@Component("responseHeaderFilter")
public class ResponseHeaderFilter extends DefaultHeaderFilterStrategy {

    private static final Set<String> ALLOWED_OUT = Set.of(
            "content-type", "location", "retry-after", "cache-control", "etag", "content-disposition",
            "link", "x-total-count");

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !ALLOWED_OUT.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Request headers, query parameters and form fields: none may pose as a Camel or Kavsak header. */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return VerifiedCallerFilter.internal(name);
    }
}
