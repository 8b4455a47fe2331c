package io.kavsak.hub.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are verified: an HMAC-SHA256 secret, or the issuer's JWKS document with one pinned
 * signature algorithm; {@code iss} and {@code aud} are checked when configured, {@code exp} always, and no
 * token may be valid for longer than {@code maxLifetime} from now.
 */
@ConfigurationProperties("kavsak.security.jwt")
public record SecurityProperties(String secret, String jwksUri, @DefaultValue("RS256") String jwsAlgorithm,
                                 String issuer, String audience, @DefaultValue("30s") Duration clockSkew,
                                 @DefaultValue("24h") Duration maxLifetime) {

    static boolean configured(String value) {
        return value != null && !value.isBlank();
    }
}
