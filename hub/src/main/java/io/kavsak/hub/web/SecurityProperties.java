package io.kavsak.hub.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are verified: an HMAC-SHA256 secret, or the issuer's JWKS document with one pinned
 * signature algorithm; {@code iss} and {@code aud} are checked when configured, {@code exp} always, and no
 * token may be valid for longer than {@code maxLifetime} from now. The hub's own access tokens are signed with
 * {@code signingJwk} (a private RSA or EC JWK; without one, HS256 with the secret) and carry {@code hubIssuer}.
 */
@ConfigurationProperties("kavsak.security.jwt")
public record SecurityProperties(String secret, String jwksUri, @DefaultValue("RS256") String jwsAlgorithm,
                                 String issuer, String audience, @DefaultValue("30s") Duration clockSkew,
                                 @DefaultValue("24h") Duration maxLifetime, String signingJwk,
                                 @DefaultValue("kavsak-hub") String hubIssuer) {

    @ConstructorBinding
    public SecurityProperties {
    }

    /** Verification settings only: the hub signs with the secret, as {@code kavsak-hub}. */
    public SecurityProperties(String secret, String jwksUri, String jwsAlgorithm, String issuer, String audience,
                              Duration clockSkew, Duration maxLifetime) {
        this(secret, jwksUri, jwsAlgorithm, issuer, audience, clockSkew, maxLifetime, null, "kavsak-hub");
    }

    /** The same settings, checking {@code iss} against the hub's own issuer: how hub-signed tokens are verified. */
    SecurityProperties forHubTokens() {
        return new SecurityProperties(secret, jwksUri, jwsAlgorithm, hubIssuer, audience, clockSkew, maxLifetime,
                signingJwk, hubIssuer);
    }

    static boolean configured(String value) {
        return value != null && !value.isBlank();
    }
}
