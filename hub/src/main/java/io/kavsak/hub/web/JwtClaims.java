package io.kavsak.hub.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

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

    /**
     * What a verified signature must still show: not expired, not before its time (with a small clock skew),
     * an {@code exp} at all and not further ahead than the longest lifetime allowed, the configured issuer and audience, a subject, and a tenant for all but the
     * platform operator and the hub-wide administrator.
     */
    public static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(properties.clockSkew()));
        validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
        Duration longest = properties.maxLifetime().plus(properties.clockSkew());
        validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP,
                exp -> exp == null || !exp.isAfter(Instant.now().plus(longest))));
        if (SecurityProperties.configured(properties.issuer())) {
            validators.add(new JwtIssuerValidator(properties.issuer()));
        }
        if (SecurityProperties.configured(properties.audience())) {
            validators.add(new JwtAudienceValidator(properties.audience()));
        }
        validators.add(JwtClaims::subjectAndTenant);
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static OAuth2TokenValidatorResult subjectAndTenant(Jwt jwt) {
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "sub claim missing", null));
        }
        boolean platformWide = roles(jwt).contains(Caller.OPERATOR) || roles(jwt).contains(Caller.HUB_ADMIN);
        String tenant = jwt.getClaimAsString(TENANT_ID);
        if (!platformWide && (tenant == null || tenant.isBlank())) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "tenant_id claim missing", null));
        }
        return OAuth2TokenValidatorResult.success();
    }
}
