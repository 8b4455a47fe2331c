package io.kavsak.hub.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Signs HMAC bearer tokens for the embedded default and the tests (issuing tokens for real is a later issue). */
public final class DevTokens {

    private final byte[] secret;

    public DevTokens(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String token(String subject, String tenantId, List<String> roles, Duration validity) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer("kavsak-dev")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(validity)))
                .claim("roles", roles);
        if (tenantId != null) {
            claims.claim("tenant_id", tenantId);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public String user(String subject, String tenantId) {
        return token(subject, tenantId, List.of("user"), Duration.ofHours(12));
    }

    public String admin(String subject, String tenantId) {
        return token(subject, tenantId, List.of("admin"), Duration.ofHours(12));
    }

    /** The hub-wide administrator: the route console and the actuator's admin endpoints, no tenant. */
    public String hubAdmin() {
        return token("hub-admin-1", null, List.of("hub-admin"), Duration.ofHours(12));
    }

    public String operator() {
        return token("kavsak-operator", null, List.of("operator"), Duration.ofHours(12));
    }
}
