package io.kavsak.operator.hub;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints the operator's own short-lived HS256 bearer tokens with the HMAC secret the hub verifies with, so no
 * long-lived token has to be stored anywhere; a token is reused until one minute before it expires.
 */
public final class OperatorTokenSigner implements Supplier<String> {

  public static final String SUBJECT = "kavsak-operator";
  public static final Duration VALIDITY = Duration.ofMinutes(5);
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

  private final MACSigner signer;
  private final Optional<String> issuer;
  private final Optional<String> audience;
  private final Clock clock;
  private String token;
  private Instant expiresAt = Instant.MIN;

  /**
   * @param secret the hub's {@code KAVSAK_SECURITY_JWT_SECRET}, used as the hub uses it (its UTF-8 bytes)
   * @param issuer {@code iss} to set, the hub's {@code KAVSAK_SECURITY_JWT_ISSUER} when it checks one
   * @param audience {@code aud} to set, the hub's {@code KAVSAK_SECURITY_JWT_AUDIENCE} when it checks one
   */
  public OperatorTokenSigner(String secret, Optional<String> issuer, Optional<String> audience, Clock clock) {
    try {
      this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalArgumentException("The JWT secret must be at least 32 bytes (HS256): " + e.getMessage(), e);
    }
    this.issuer = issuer.filter(s -> !s.isBlank());
    this.audience = audience.filter(s -> !s.isBlank());
    this.clock = clock;
  }

  @Override
  public synchronized String get() {
    Instant now = Instant.now(clock);
    if (token == null || !now.isBefore(expiresAt.minus(RENEW_BEFORE))) {
      expiresAt = now.plus(VALIDITY);
      token = sign(now, expiresAt);
    }
    return token;
  }

  private String sign(Instant issuedAt, Instant expires) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .subject(SUBJECT)
        .claim("roles", List.of("operator"))
        .issueTime(Date.from(issuedAt))
        .expirationTime(Date.from(expires))
        .jwtID(UUID.randomUUID().toString());
    issuer.ifPresent(claims::issuer);
    audience.ifPresent(claims::audience);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign the operator's hub token", e);
    }
    return jwt.serialize();
  }
}
