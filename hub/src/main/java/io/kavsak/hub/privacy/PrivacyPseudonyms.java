package io.kavsak.hub.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The keyed pseudonym (HMAC-SHA256) that stands for a recalled user wherever Kavsak must still recognise
 * them after the recall — the exclusion list and the finished request — so that no store keeps the user's
 * id itself. Without the key the pseudonym cannot be turned back into the id, nor guessed from it.
 */
@Component
public class PrivacyPseudonyms {

    private final SecretKeySpec key;

    public PrivacyPseudonyms(@Value("${kavsak.privacy.pseudonym-key:}") String pseudonymKey,
                             @Value("${kavsak.security.jwt.secret:}") String jwtSecret) {
        String material;
        if (!pseudonymKey.isBlank()) {
            material = pseudonymKey;
        } else if (!jwtSecret.isBlank()) {
            // a key of its own, derived from the token secret so a single-secret setup needs nothing more
            material = "kavsak-pseudonym:" + jwtSecret;
        } else {
            throw new IllegalStateException("Set KAVSAK_PRIVACY_PSEUDONYM_KEY (at least 32 characters): it keys the "
                    + "pseudonyms that stand for recalled users");
        }
        if (material.length() < 32) {
            throw new IllegalStateException("KAVSAK_PRIVACY_PSEUDONYM_KEY must be at least 32 characters");
        }
        this.key = new SecretKeySpec(material.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The pseudonym of {@code userId} in {@code tenantId}: {@code p-} and 32 hex digits, the same on every replica. */
    public String of(String tenantId, String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((tenantId + '\u0000' + userId).getBytes(StandardCharsets.UTF_8));
            return "p-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
