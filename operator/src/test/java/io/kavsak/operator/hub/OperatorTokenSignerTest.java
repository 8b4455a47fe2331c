package io.kavsak.operator.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

class OperatorTokenSignerTest {

  private static final String SECRET = "the-hubs-hmac-secret-0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void tokenIsHs256SignedWithTheSecretAndExpiresInFiveMinutes() throws Exception {
    SignedJWT jwt = SignedJWT.parse(signer(Optional.empty(), Optional.empty(), NOW).get());

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
    assertThat(jwt.verify(new MACVerifier("another-secret-of-enough-length-0123456789".getBytes(StandardCharsets.UTF_8))))
        .isFalse();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("kavsak-operator");
    assertThat(claims.getStringListClaim("roles")).containsExactly("operator");
    assertThat(claims.getClaim("tenant_id")).as("platform-wide, no tenant").isNull();
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
    assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
  }

  @Test
  void issuerAndAudienceAreSetWhenConfigured() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(signer(Optional.of("kavsak"), Optional.of("kavsak-hub"), NOW).get())
        .getJWTClaimsSet();

    assertThat(claims.getIssuer()).isEqualTo("kavsak");
    assertThat(claims.getAudience()).containsExactly("kavsak-hub");
  }

  @Test
  void issuerAndAudienceAreLeftOutWhenNotConfigured() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(signer(Optional.of(" "), Optional.empty(), NOW).get()).getJWTClaimsSet();

    assertThat(claims.getIssuer()).isNull();
    assertThat(claims.getAudience()).isEmpty();
  }

  @Test
  void tokenIsReusedUntilAMinuteBeforeItExpiresThenRenewed() throws Exception {
    MutableClock clock = new MutableClock(NOW);
    OperatorTokenSigner signer = new OperatorTokenSigner(SECRET, Optional.empty(), Optional.empty(), clock);
    String first = signer.get();

    clock.now = NOW.plus(Duration.ofMinutes(3)).plusSeconds(59);
    assertThat(signer.get()).isEqualTo(first);

    clock.now = NOW.plus(Duration.ofMinutes(4));
    String renewed = signer.get();
    assertThat(renewed).isNotEqualTo(first);
    assertThat(SignedJWT.parse(renewed).getJWTClaimsSet().getExpirationTime().toInstant())
        .isEqualTo(NOW.plus(Duration.ofMinutes(9)));
  }

  @Test
  void aSecretShorterThanHs256NeedsIsRefused() {
    assertThatThrownBy(() -> new OperatorTokenSigner("too-short", Optional.empty(), Optional.empty(), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
  }

  private static OperatorTokenSigner signer(Optional<String> issuer, Optional<String> audience, Instant now) {
    return new OperatorTokenSigner(SECRET, issuer, audience, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static final class MutableClock extends Clock {

    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
