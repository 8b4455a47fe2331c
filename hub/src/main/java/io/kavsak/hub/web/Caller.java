package io.kavsak.hub.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling: the subject, tenant and roles of the bearer token Spring Security verified. It travels
 * only as a request attribute set by {@link VerifiedCallerFilter} and an exchange property, never in a
 * header, query parameter or form field, so no part of a request can change it.
 */
public record Caller(String subject, String tenantId, Set<String> roles) {

    /** The servlet request attribute {@link VerifiedCallerFilter} stores the verified caller under. */
    public static final String ATTRIBUTE = Caller.class.getName();
    /** The exchange property a REST route's caller is kept in once read. */
    public static final String PROPERTY = "kavsakCaller";

    public static final String ADMIN = "admin";
    public static final String SERVICE = "service";
    public static final String OPERATOR = "operator";
    /**
     * The hub-wide administrator: the route console and the actuator's admin endpoints on the management port
     * show every tenant's exchanges, so a tenant's {@link #ADMIN} does not open them. Needs no tenant_id.
     */
    public static final String HUB_ADMIN = "hub-admin";

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The caller a verified token names. */
    public static Caller of(Jwt token) {
        String tenant = token.getClaimAsString(JwtClaims.TENANT_ID);
        return new Caller(token.getSubject(), tenant == null || tenant.isBlank() ? null : tenant,
                Set.copyOf(JwtClaims.roles(token)));
    }

    /** The verified caller of a REST route's exchange; 401 when the request carried no verified token. */
    public static Caller of(Exchange exchange) {
        Caller caller = exchange.getProperty(PROPERTY, Caller.class);
        if (caller == null && exchange.getIn() instanceof PlatformHttpMessage message) {
            caller = verified(message.getRequest());
            exchange.setProperty(PROPERTY, caller);
        }
        if (caller == null) {
            throw unauthorized();
        }
        return caller;
    }

    /** The verified caller of a servlet request (for the few endpoints that are not Camel routes). */
    public static Caller of(HttpServletRequest request) {
        Caller caller = verified(request);
        if (caller == null) {
            throw unauthorized();
        }
        return caller;
    }

    private static Caller verified(HttpServletRequest request) {
        return request != null && request.getAttribute(ATTRIBUTE) instanceof Caller caller ? caller : null;
    }

    private static ApiProblem unauthorized() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "Unauthorized", "A bearer token is required", null);
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
        if (isPlatform() || (tenantId != null && tenantId.equals(this.tenantId))) {
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

    /**
     * The caller's own tenant when the path names it ({@code tenantId}) and the caller has one of {@code anyOf};
     * a path naming another tenant is reported as absent (404: "{@code what} does not exist").
     */
    public String ownTenant(String tenantId, String what, String... anyOf) {
        requireAny(anyOf);
        String own = ownTenant();
        if (!own.equals(tenantId)) {
            throw ApiProblem.notFound(what);
        }
        return own;
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
