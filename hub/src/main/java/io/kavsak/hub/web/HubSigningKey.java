package io.kavsak.hub.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * The key the hub signs its own access tokens with: the private RSA or EC JWK of
 * {@code kavsak.security.jwt.signing-jwk} (its public half is served at {@code /.well-known/jwks.json}), or,
 * without one, HS256 with the verification secret, which has no public half. Hub tokens carry the key's
 * {@code kid}; {@link #decoder(JwtDecoder)} verifies those with this key and every other token as before.
 */
@Component
public class HubSigningKey {

    /** The {@code kid} of tokens the hub signs with its HMAC secret. */
    static final String HMAC_KEY_ID = "kavsak-hub-hs256";

    private final SecurityProperties properties;
    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String keyId;
    private final JWKSet publicKeys;
    private final JwtDecoder hubTokens;

    public HubSigningKey(SecurityProperties properties) {
        this.properties = properties;
        try {
            if (SecurityProperties.configured(properties.signingJwk())) {
                JWK jwk = JWK.parse(jwkText(properties.signingJwk().trim()));
                if (!jwk.isPrivate()) {
                    throw new IllegalStateException("kavsak.security.jwt.signing-jwk must be a private key");
                }
                keyId = jwk.getKeyID() != null ? jwk.getKeyID() : jwk.computeThumbprint().toString();
                JWK publicJwk;
                if (jwk instanceof RSAKey rsa) {
                    algorithm = jwk.getAlgorithm() != null ? JWSAlgorithm.parse(jwk.getAlgorithm().getName())
                            : JWSAlgorithm.RS256;
                    signer = new RSASSASigner(rsa);
                    publicJwk = new RSAKey.Builder(rsa.toPublicJWK()).keyID(keyId).algorithm(algorithm)
                            .keyUse(KeyUse.SIGNATURE).build();
                } else if (jwk instanceof ECKey ec) {
                    algorithm = ECDSA.resolveAlgorithm(ec.getCurve());
                    signer = new ECDSASigner(ec);
                    publicJwk = new ECKey.Builder(ec.toPublicJWK()).keyID(keyId).algorithm(algorithm)
                            .keyUse(KeyUse.SIGNATURE).build();
                } else {
                    throw new IllegalStateException("kavsak.security.jwt.signing-jwk must be an RSA or EC key, not "
                            + jwk.getKeyType());
                }
                publicKeys = new JWKSet(publicJwk);
                DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
                processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm,
                        new ImmutableJWKSet<>(publicKeys)));
                processor.setJWTClaimsSetVerifier((claims, context) -> { }); // Spring's validator checks the claims
                hubTokens = new NimbusJwtDecoder(processor);
            } else if (properties.secret() != null && properties.secret().length() >= 32) {
                keyId = HMAC_KEY_ID;
                algorithm = JWSAlgorithm.HS256;
                signer = new MACSigner(properties.secret().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                publicKeys = new JWKSet(List.of());
                hubTokens = NimbusJwtDecoder.withSecretKey(SecurityConfig.hmacKey(properties.secret()))
                        .macAlgorithm(MacAlgorithm.HS256).build();
            } else {
                keyId = null;
                algorithm = null;
                signer = null;
                publicKeys = new JWKSet(List.of());
                hubTokens = null;
            }
        } catch (ParseException | JOSEException | IOException e) {
            throw new IllegalStateException("kavsak.security.jwt.signing-jwk is not a usable JWK: " + e.getMessage(), e);
        }
        if (hubTokens instanceof NimbusJwtDecoder nimbus) {
            nimbus.setJwtValidator(JwtClaims.validator(properties.forHubTokens()));
        }
    }

    /** The JWK itself, or the path of a file holding it. */
    private static String jwkText(String value) throws IOException {
        return value.startsWith("{") ? value : Files.readString(Path.of(value));
    }

    /** Whether the hub can sign tokens at all (a signing JWK or an HMAC secret is configured). */
    public boolean available() {
        return signer != null;
    }

    public String issuer() {
        return properties.hubIssuer();
    }

    /** The audience hub tokens carry: the configured one, which the hub checks on every bearer token. */
    public String audience() {
        return SecurityProperties.configured(properties.audience()) ? properties.audience() : null;
    }

    /** Signs the claims with the hub's key, naming it in {@code kid}. */
    public String sign(JWTClaimsSet claims) {
        if (signer == null) {
            throw new IllegalStateException("no signing key configured");
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }

    /** The public half of the signing key (none for an HMAC secret), as a JWK Set. */
    public JWKSet publicKeys() {
        return publicKeys;
    }

    /**
     * Bearer tokens naming the hub's {@code kid} are verified with the hub's key and issuer; all others with
     * {@code others}, the decoder of the configured issuer (secret or JWKS).
     */
    public JwtDecoder decoder(JwtDecoder others) {
        if (hubTokens == null) {
            return others;
        }
        return token -> {
            String kid;
            try {
                JWT jwt = JWTParser.parse(token);
                kid = jwt instanceof SignedJWT signed ? signed.getHeader().getKeyID() : null;
            } catch (ParseException e) {
                throw new BadJwtException("Malformed token: " + e.getMessage(), e);
            }
            return keyId.equals(kid) ? hubTokens.decode(token) : others.decode(token);
        };
    }
}
