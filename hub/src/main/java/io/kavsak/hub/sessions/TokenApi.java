package io.kavsak.hub.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kavsak.hub.tenant.TenantRegistry;
import io.kavsak.hub.web.ApiProblem;
import io.kavsak.hub.web.Caller;
import io.kavsak.hub.web.JsonRequest;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The token service over REST: a back end (role {@code service}) obtains a user's first pair, tenant from its own
 * token; anyone holding a refresh token rotates it or logs out with it. A refused refresh token is a 401 whose
 * detail says why; a token of another tenant reads as unknown. A Redis outage is a 503 with Retry-After.
 */
@Component("tokenApi")
public class TokenApi {

    private final TokenService tokens;
    private final ObjectMapper json;
    private final Validator validator;
    private final TenantRegistry tenants;
    private final Duration retryAfter;

    public TokenApi(TokenService tokens, ObjectMapper json, Validator validator, TenantRegistry tenants,
                    @Value("${kavsak.sessions.retry-after}") Duration retryAfter) {
        this.tokens = tokens;
        this.json = json;
        this.validator = validator;
        this.tenants = tenants;
        this.retryAfter = retryAfter;
    }

    public TokenPair issue(Exchange exchange) {
        Caller caller = Caller.of(exchange);
        caller.requireAny(Caller.SERVICE);
        String tenant = tenants.requireActive(caller.ownTenant());
        IssueTokens request = JsonRequest.typed(json, validator, exchange.getMessage().getBody(String.class),
                IssueTokens.class);
        signing();
        TokenPair pair = available(() -> tokens.issue(tenant, request.userId()));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return pair;
    }

    public TokenPair refresh(Exchange exchange) {
        RefreshTokens request = JsonRequest.typed(json, validator, exchange.getMessage().getBody(String.class),
                RefreshTokens.class);
        signing();
        return available(() -> {
            TokenPair pair = tokens.refresh(request.refreshToken());
            // a login of a tenant deactivated since is ended, not extended, and refused like an unknown token
            if (TokenService.tenantOf(request.refreshToken()).flatMap(tenants::findActive).isEmpty()) {
                tokens.logout(pair.refreshToken());
                throw new TokenService.RefreshRefusedException(TokenService.Refusal.UNKNOWN);
            }
            return pair;
        });
    }

    public void logout(Exchange exchange) {
        RefreshTokens request = JsonRequest.typed(json, validator, exchange.getMessage().getBody(String.class),
                RefreshTokens.class);
        available(() -> {
            tokens.logout(request.refreshToken());
            return null;
        });
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    private void signing() {
        if (!tokens.available()) {
            throw new ApiProblem(HttpStatus.NOT_IMPLEMENTED, "No signing key", "The hub has no key to sign tokens "
                    + "with: set kavsak.security.jwt.signing-jwk or kavsak.security.jwt.secret", null);
        }
    }

    private <T> T available(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (TokenService.RefreshRefusedException e) {
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Refresh token refused", e.refusal().detail(),
                    "refresh_token");
        } catch (SessionStoreUnavailableException e) {
            // fail closed without a 401: the session may be perfectly valid once Redis is back
            throw ApiProblem.busy(HttpStatus.SERVICE_UNAVAILABLE, "Session store unavailable",
                    "Tokens cannot be issued or refreshed right now; keep the refresh token and retry later.",
                    retryAfter);
        }
    }
}
