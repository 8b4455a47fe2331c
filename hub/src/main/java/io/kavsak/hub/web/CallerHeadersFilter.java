package io.kavsak.hub.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the verified caller to the Camel routes as trusted request headers, and drops any copy of
 * those headers (and the bearer token itself) that the client sent, so they can neither be forged
 * nor travel further into Kafka records or e-mails.
 */
public class CallerHeadersFilter extends OncePerRequestFilter {

    private static final Set<String> SUPPRESSED = Set.of(
            Caller.SUBJECT_HEADER.toLowerCase(Locale.ROOT),
            Caller.TENANT_HEADER.toLowerCase(Locale.ROOT),
            Caller.ROLES_HEADER.toLowerCase(Locale.ROOT),
            "authorization", "cookie");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> trusted = new LinkedHashMap<>();
        if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
            trusted.put(Caller.SUBJECT_HEADER, token.getToken().getSubject());
            String tenant = token.getToken().getClaimAsString(JwtClaims.TENANT_ID);
            if (tenant != null) {
                trusted.put(Caller.TENANT_HEADER, tenant);
            }
            trusted.put(Caller.ROLES_HEADER, String.join(",", JwtClaims.roles(token.getToken())));
        }
        chain.doFilter(new TrustedHeaders(request, trusted), response);
    }

    private static final class TrustedHeaders extends HttpServletRequestWrapper {

        private final Map<String, String> trusted;

        TrustedHeaders(HttpServletRequest request, Map<String, String> trusted) {
            super(request);
            this.trusted = trusted;
        }

        private String trustedValue(String name) {
            return trusted.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        @Override
        public String getHeader(String name) {
            String value = trustedValue(name);
            if (value != null) {
                return value;
            }
            return SUPPRESSED.contains(name.toLowerCase(Locale.ROOT)) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            String value = trustedValue(name);
            if (value != null) {
                return Collections.enumeration(List.of(value));
            }
            return SUPPRESSED.contains(name.toLowerCase(Locale.ROOT))
                    ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames()).stream()
                    .filter(n -> !SUPPRESSED.contains(n.toLowerCase(Locale.ROOT)))
                    .collect(Collectors.toList());
            names.addAll(trusted.keySet());
            return Collections.enumeration(names);
        }
    }
}
