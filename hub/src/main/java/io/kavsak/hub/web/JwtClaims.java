package io.kavsak.hub.web;

import java.util.Collection;
import java.util.List;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** The claims Kavsak reads from a bearer token: {@code sub}, {@code tenant_id} and {@code roles}. */
public final class JwtClaims {

    public static final String TENANT_ID = "tenant_id";
    public static final String ROLES = "roles";

    private JwtClaims() {
    }

    public static List<String> roles(Jwt jwt) {
        Object roles = jwt.getClaims().get(ROLES);
        if (roles instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        if (roles instanceof String text && !text.isBlank()) {
            return List.of(text.split("[ ,]+"));
        }
        return List.of();
    }

    /** Every token names its user; all but the platform operator's also name a tenant. */
    public static OAuth2TokenValidator<Jwt> validator() {
        return jwt -> {
            if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
                return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "sub claim missing", null));
            }
            boolean operator = roles(jwt).contains("operator");
            String tenant = jwt.getClaimAsString(TENANT_ID);
            if (!operator && (tenant == null || tenant.isBlank())) {
                return OAuth2TokenValidatorResult.failure(
                        new OAuth2Error("invalid_token", "tenant_id claim missing", null));
            }
            return OAuth2TokenValidatorResult.success();
        };
    }
}
