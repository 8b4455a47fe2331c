package io.kavsak.hub.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The session store over REST for back ends (role {@code service}); the tenant is always the verified
 * caller's. While the store is unreachable every operation answers 503 with {@code Retry-After}: the
 * outage passes by waiting, and a 401 would send every user back to the login page.
 */
@Component("sessionsApi")
public class SessionsApi {

    /** jtis and user ids: URL- and key-safe, no hash-tag braces, at most 200 characters. */
    public static final String ID = "^[A-Za-z0-9._~:@+/=-]{1,200}$";
    public static final String ID_RULE = "1 to 200 letters, digits or ._~:@+/=-";
    private static final java.util.regex.Pattern ID_PATTERN = java.util.regex.Pattern.compile(ID);

    private final RefreshSessionStore store;
    private final ObjectMapper json;
    private final Validator validator;
    private final Duration retryAfter;
    private final TenantRegistry tenants;

    public SessionsApi(RefreshSessionStore store, ObjectMapper json, Validator validator,
                       @Value("${kavsak.sessions.retry-after}") Duration retryAfter, TenantRegistry tenants) {
        this.store = store;
        this.json = json;
        this.validator = validator;
        this.retryAfter = retryAfter;
        this.tenants = tenants;
    }

    public SessionState remember(Exchange exchange) throws IOException {
        // only a registered, active tenant takes in new sessions; checks and revocations keep working after deactivation
        String tenant = tenants.requireActive(tenantOf(exchange));
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) {
            throw ApiProblem.badRequest("body", "A JSON body {jti, user_id, expires_at} is required");
        }
        RememberSession request = json.readValue(body, RememberSession.class);
        Set<ConstraintViolation<RememberSession>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            ConstraintViolation<RememberSession> first = violations.iterator().next();
            throw ApiProblem.badRequest(fieldName(first.getPropertyPath().toString()), first.getMessage());
        }
        RefreshSessionStore.Remembered result = available(() ->
                store.remember(tenant, request.jti(), request.userId(), request.expiresAt()));
        switch (result) {
            case ALREADY_EXPIRED -> throw ApiProblem.badRequest("expires_at", "expires_at is not in the future");
            case TAKEN_BY_ANOTHER_USER -> throw ApiProblem.conflict("This jti is remembered for another user");
            default -> exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        }
        return new SessionState(request.jti(), true, null);
    }

    public SessionState check(Exchange exchange, @Header("jti") String jti) {
        String tenant = tenantOf(exchange);
        return new SessionState(valid("jti", jti), available(() -> store.isActive(tenant, jti)), null);
    }

    public SessionState revoke(Exchange exchange, @Header("jti") String jti) {
        String tenant = tenantOf(exchange);
        boolean revoked = available(() -> store.revoke(tenant, valid("jti", jti)));
        return new SessionState(jti, false, revoked);
    }

    public RevokedSessions revokeAll(Exchange exchange, @Header("userId") String userId) {
        String tenant = tenantOf(exchange);
        return new RevokedSessions(userId, available(() -> store.revokeAllForUser(tenant, valid("userId", userId))));
    }

    private static String tenantOf(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.SERVICE);
        return caller.ownTenant();
    }

    private static String valid(String field, String id) {
        if (id == null || !ID_PATTERN.matcher(id).matches()) {
            throw ApiProblem.badRequest(field, ID_RULE);
        }
        return id;
    }

    private <T> T available(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (SessionStoreUnavailableException e) {
            // logged by the store; fail closed: nothing is reported active, nothing is remembered
            throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "Session store unavailable",
                    "Sessions cannot be checked right now; no session is reported active. Retry later.", retryAfter);
        }
    }

    private static String fieldName(String property) {
        return switch (property) {
            case "userId" -> "user_id";
            case "expiresAt" -> "expires_at";
            default -> property;
        };
    }
}
