package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** The hub's real token decoder: exp required, iss and aud when configured, clock skew, HS256 pinned. */
class BearerTokenValidationTest {

    private static final String SECRET = "unit-test-secret-0123456789abcdef-0123456789abcdef-0123456789ab";

    private final JwtDecoder plain = decoder(null, null);
    private final JwtDecoder strict = decoder("https://id.example.test", "kavsak-hub");

    private static JwtDecoder decoder(String issuer, String audience) {
        return new SecurityConfig().jwtDecoder(
                new SecurityProperties(SECRET, null, "RS256", issuer, audience, Duration.ofSeconds(30), Duration.ofHours(24)));
    }

    private static String sign(JWSAlgorithm algorithm, UnaryOperator<JWTClaimsSet.Builder> claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("u-1").claim("tenant_id", "acme")
                .claim("roles", List.of("admin")).expirationTime(Date.from(Instant.now().plusSeconds(300)));
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.apply(builder).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static String sign(UnaryOperator<JWTClaimsSet.Builder> claims) throws Exception {
        return sign(JWSAlgorithm.HS256, claims);
    }

    @Test
    void aTokenWithExpAndTheRightSignatureIsAccepted() throws Exception {
        assertThat(plain.decode(sign(c -> c)).getSubject()).isEqualTo("u-1");
    }

    @Test
    void aTokenWithoutExpIsRejectedEvenWhenCorrectlySigned() throws Exception {
        String noExp = sign(c -> c.expirationTime(null));
        assertThatThrownBy(() -> plain.decode(noExp)).isInstanceOf(JwtException.class).hasMessageContaining("exp");
    }

    @Test
    void anExpiredTokenIsRejectedButAClockSkewWithinThirtySecondsIsTolerated() throws Exception {
        String expired = sign(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120))));
        assertThatThrownBy(() -> plain.decode(expired)).isInstanceOf(JwtException.class);
        String justExpired = sign(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(10))));
        assertThat(plain.decode(justExpired).getSubject()).isEqualTo("u-1");
        String notYetValid = sign(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(120))));
        assertThatThrownBy(() -> plain.decode(notYetValid)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenValidForLongerThanTheLongestLifetimeIsRejected() throws Exception {
        String year = sign(c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofDays(365)))));
        assertThatThrownBy(() -> plain.decode(year)).isInstanceOf(JwtException.class);
        String day = sign(c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(23)))));
        assertThat(plain.decode(day).getSubject()).isEqualTo("u-1");
    }

    @Test
    void issuerAndAudienceAreCheckedWhenConfigured() throws Exception {
        String right = sign(c -> c.issuer("https://id.example.test").audience(List.of("other", "kavsak-hub")));
        assertThat(strict.decode(right).getSubject()).isEqualTo("u-1");
        String noIssuer = sign(c -> c.audience("kavsak-hub"));
        assertThatThrownBy(() -> strict.decode(noIssuer)).isInstanceOf(JwtException.class);
        String wrongIssuer = sign(c -> c.issuer("https://evil.example.test").audience("kavsak-hub"));
        assertThatThrownBy(() -> strict.decode(wrongIssuer)).isInstanceOf(JwtException.class);
        String wrongAudience = sign(c -> c.issuer("https://id.example.test").audience("another-service"));
        assertThatThrownBy(() -> strict.decode(wrongAudience)).isInstanceOf(JwtException.class);
        String noAudience = sign(c -> c.issuer("https://id.example.test"));
        assertThatThrownBy(() -> strict.decode(noAudience)).isInstanceOf(JwtException.class);
        // without configuration neither claim is required
        assertThat(plain.decode(noAudience).getSubject()).isEqualTo("u-1");
    }

    @Test
    void onlyHs256IsAcceptedWithASharedSecret() throws Exception {
        String hs384 = sign(JWSAlgorithm.HS384, c -> c);
        assertThatThrownBy(() -> plain.decode(hs384)).isInstanceOf(JwtException.class);
        String unsigned = new PlainJWT(new PlainHeader(), new JWTClaimsSet.Builder().subject("u-1")
                .claim("tenant_id", "acme").claim("roles", List.of("admin"))
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build()).serialize();
        assertThatThrownBy(() -> plain.decode(unsigned)).isInstanceOf(JwtException.class);
    }

    @Test
    void subjectAndTenantAreRequiredExceptTheOperatorsAndTheHubAdminsTenant() throws Exception {
        String noSubject = sign(c -> c.subject(null));
        assertThatThrownBy(() -> plain.decode(noSubject)).isInstanceOf(JwtException.class);
        String noTenant = sign(c -> c.claim("tenant_id", null));
        assertThatThrownBy(() -> plain.decode(noTenant)).isInstanceOf(JwtException.class);
        String operator = sign(c -> c.claim("tenant_id", null).claim("roles", List.of("operator")));
        assertThat(plain.decode(operator).getSubject()).isEqualTo("u-1");
        String hubAdmin = sign(c -> c.claim("tenant_id", null).claim("roles", List.of("hub-admin")));
        assertThat(plain.decode(hubAdmin).getSubject()).isEqualTo("u-1");
        String tenantAdmin = sign(c -> c.claim("tenant_id", null).claim("roles", List.of("admin")));
        assertThatThrownBy(() -> plain.decode(tenantAdmin)).isInstanceOf(JwtException.class);
    }
}
