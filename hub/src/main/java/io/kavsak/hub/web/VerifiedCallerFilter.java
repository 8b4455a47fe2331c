package io.kavsak.hub.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the caller Spring Security verified to the routes as a request attribute ({@link Caller#ATTRIBUTE}),
 * and hides the headers no client may pass into the hub: the bearer token and cookies (so they never travel
 * into Kafka records, logs or e-mails), Camel's own {@code Camel*} headers and the {@code X-Kavsak-*} names.
 */
public class VerifiedCallerFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.removeAttribute(Caller.ATTRIBUTE);
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            request.setAttribute(Caller.ATTRIBUTE, Caller.of(token.getToken()));
        }
        chain.doFilter(new WithoutInternalHeaders(request), response);
    }

    /** Whether a header, query parameter or form field of this name is kept out of the routes. */
    public static boolean internal(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("camel") || lower.startsWith("org.apache.camel") || lower.startsWith("x-kavsak")
                || lower.startsWith("kavsak") || lower.startsWith("io.kavsak") || lower.equals("authorization") || lower.equals("cookie");
    }

    private static final class WithoutInternalHeaders extends HttpServletRequestWrapper {

        WithoutInternalHeaders(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return internal(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return internal(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !internal(name)).toList());
        }
    }
}
