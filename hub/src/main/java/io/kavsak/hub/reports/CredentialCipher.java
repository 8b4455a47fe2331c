package io.kavsak.hub.reports;

import io.kavsak.hub.web.ApiProblem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Seals datasource passwords with the JDK's AES-GCM under the key of {@code kavsak.reports.encryption-key}; the
 * ciphertext is bound to its tenant and datasource (associated data), so a row copied to another cannot be opened.
 */
@Component
public class CredentialCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public CredentialCipher(ReportProperties properties) {
        String encoded = properties.encryptionKey();
        if (encoded == null || encoded.isBlank()) {
            key = null;
            return;
        }
        byte[] raw = Base64.getDecoder().decode(encoded.trim());
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IllegalStateException("kavsak.reports.encryption-key must be 16, 24 or 32 bytes in base64");
        }
        key = new SecretKeySpec(raw, "AES");
    }

    public byte[] seal(String tenantId, String datasourceId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, tenantId, datasourceId);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String open(String tenantId, String datasourceId, byte[] stored) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(stored, NONCE_BYTES), tenantId,
                    datasourceId);
            return new String(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The datasource password cannot be decrypted with the configured key", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String tenantId, String datasourceId)
            throws GeneralSecurityException {
        if (key == null) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "Not configured",
                    "kavsak.reports.encryption-key is not set: datasource credentials cannot be stored", null);
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((tenantId + "\u0000" + datasourceId).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
