package io.kavsak.hub.web;

import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /.well-known/jwks.json} (open): the public half of the hub's signing key, so other services verify the
 * access tokens the hub issues. Empty ({@code {"keys": []}}) when the hub signs with an HMAC secret.
 */
@RestController
public class JwksController {

    static final MediaType JWK_SET = MediaType.parseMediaType("application/jwk-set+json");

    private final HubSigningKey key;

    public JwksController(HubSigningKey key) {
        this.key = key;
    }

    @GetMapping("/.well-known/jwks.json")
    public ResponseEntity<String> jwks() {
        return ResponseEntity.ok().contentType(JWK_SET).cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
                .body(key.publicKeys().toString(true));
    }
}
