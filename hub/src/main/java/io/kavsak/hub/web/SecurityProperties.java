package io.kavsak.hub.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How bearer tokens are verified: an HMAC-SHA256 secret, or the issuer's JWKS document. */
@ConfigurationProperties("kavsak.security.jwt")
public record SecurityProperties(String secret, String jwksUri) {
}
