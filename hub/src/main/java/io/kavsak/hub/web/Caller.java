package io.kavsak.hub.web;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * Who is calling: the authenticated subject, its tenant and roles, as {@link CallerHeadersFilter}
 * passed them to the routes after Spring Security verified the bearer token.
 */
public record Caller(String subject, String tenantId, Set<String> roles) {

    public static final String SUBJECT_HEADER = "X-Kavsak-Subject";
    public static final String TENANT_HEADER = "X-Kavsak-Tenant";
    public static final String ROLES_HEADER = "X-Kavsak-Roles";

    public static final String ADMIN = "admin";
    public static final String SERVICE = "service";
    public static final String OPERATOR = "operator";

    public static Caller of(Exchange exchange) {
        String subject = exchange.getMessage().getHeader(SUBJECT_HEADER, String.class);
        if (subject == null || subject.isBlank()) {
            throw new ApiProblem(org.springframework.http.HttpStatus.UNAUTHORIZED, "Unauthorized",
                    "A bearer token is required", null);
        }
        String tenant = exchange.getMessage().getHeader(TENANT_HEADER, String.class);
        String roles = exchange.getMessage().getHeader(ROLES_HEADER, "", String.class);
        Set<String> roleSet = Arrays.stream(roles.split(","))
                .map(String::trim).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new Caller(subject, tenant == null || tenant.isBlank() ? null : tenant, roleSet);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** The operator acts for the whole platform; everyone else only inside their own tenant. */
    public boolean isPlatform() {
        return has(OPERATOR);
    }

    /**
     * The tenant this caller may act in when it names {@code tenantId}. Another tenant's resource is
     * reported as absent (404), never as forbidden, so ids of other tenants cannot be probed.
     */
    public String tenantScope(String tenantId, String what) {
        if (isPlatform() || tenantId.equals(this.tenantId)) {
            return tenantId;
        }
        throw ApiProblem.notFound(what);
    }

    /** The caller's own tenant; a token without one cannot use tenant-scoped routes. */
    public String ownTenant() {
        if (tenantId == null) {
            throw ApiProblem.forbidden("The token carries no tenant_id claim");
        }
        return tenantId;
    }

    public void requireAny(String... anyOf) {
        for (String role : anyOf) {
            if (has(role)) {
                return;
            }
        }
        throw ApiProblem.forbidden("This operation needs one of the roles " + String.join(", ", anyOf));
    }

    /** Lets the user act on their own data, and the given roles on any user's data of their tenant. */
    public void requireSelfOrAny(String userId, String... anyOf) {
        if (subject.equals(userId)) {
            return;
        }
        requireAny(anyOf);
    }
}
