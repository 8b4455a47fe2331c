package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.kavsak.hub.dev.DevTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** The hub's own signing key: RSA with a published public half, or HS256 with the secret; other tokens unchanged. */
class HubSigningKeyTest {

    private static final String SECRET = "unit-test-secret-0123456789abcdef-0123456789abcdef";

    private static SecurityProperties properties(String signingJwk, String issuer) {
        return new SecurityProperties(SECRET, null, "RS256", issuer, null, Duration.ofSeconds(30), Duration.ofHours(24),
                signingJwk, "kavsak-hub");
    }

    private static JWTClaimsSet claims(String issuer) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject("u-1").claim("tenant_id", "acme")
                .claim("roles", List.of("user")).expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
    }

    @Test
    void anRsaKeySignsPublishesItsPublicHalfAndVerifiesHubTokensWhileOtherTokensKeepTheirIssuer() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("hub-rsa-1").generate();
        SecurityProperties properties = properties(rsa.toJSONString(), "https://id.example.test");
        HubSigningKey key = new HubSigningKey(properties);
        JwtDecoder decoder = key.decoder(new SecurityConfig().jwtDecoder(properties));

        String token = key.sign(claims("kavsak-hub"));
        JWKSet published = JWKSet.parse(key.publicKeys().toString(true));
        assertThat(published.getKeys()).singleElement().satisfies(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(SignedJWT.parse(token).verify(new RSASSAVerifier(published.getKeyByKeyId("hub-rsa-1").toRSAKey())))
                .isTrue();
        Jwt jwt = decoder.decode(token);
        assertThat(jwt.getSubject()).isEqualTo("u-1");

        // a hub-key token must carry the hub's issuer; others the configured one
        assertThatThrownBy(() -> decoder.decode(key.sign(claims("https://id.example.test"))))
                .isInstanceOf(JwtException.class);
        String external = new DevTokens(SECRET).token("u-2", "acme", List.of("user"), Duration.ofMinutes(5));
        assertThatThrownBy(() -> decoder.decode(external)).as("DevTokens say iss kavsak-dev")
                .isInstanceOf(JwtException.class);
        HubSigningKey open = new HubSigningKey(properties(rsa.toJSONString(), null));
        assertThat(open.decoder(new SecurityConfig().jwtDecoder(properties(null, null))).decode(external).getSubject())
                .isEqualTo("u-2");
    }

    @Test
    void withoutASigningJwkTheHubSignsWithItsSecretAndPublishesNothing() {
        SecurityProperties properties = properties(null, null);
        HubSigningKey key = new HubSigningKey(properties);
        assertThat(key.available()).isTrue();
        assertThat(key.publicKeys().getKeys()).isEmpty();
        Jwt jwt = key.decoder(new SecurityConfig().jwtDecoder(properties)).decode(key.sign(claims("kavsak-hub")));
        assertThat(jwt.getHeaders()).containsEntry("kid", HubSigningKey.HMAC_KEY_ID);
    }

    @Test
    void aPublicJwkIsRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        assertThatThrownBy(() -> new HubSigningKey(properties(rsa.toPublicJWK().toJSONString(), null)))
                .hasMessageContaining("private");
    }
}
