package io.kavsak.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.nimbusds.jwt.SignedJWT;

import io.kavsak.operator.hub.OperatorTokenSigner;

class OperatorSettingsTest {

  private static final String SECRET = "the-hubs-hmac-secret-0123456789abcdef";

  @Test
  void withTheHubsSecretTheOperatorSignsItsOwnTokensWithIssuerAndAudience() throws Exception {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("KAVSAK_SECURITY_JWT_SECRET", SECRET,
        "KAVSAK_SECURITY_JWT_ISSUER", "kavsak", "KAVSAK_SECURITY_JWT_AUDIENCE", "kavsak-hub"));

    assertThat(settings.hubToken()).isInstanceOf(OperatorTokenSigner.class);
    var claims = SignedJWT.parse(settings.hubToken().get()).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("kavsak");
    assertThat(claims.getAudience()).containsExactly("kavsak-hub");
    assertThat(settings.failedRecallPollInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aGivenTokenIsUsedAsItIsForIdentityProviderTokens() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("KAVSAK_HUB_TOKEN", "idp-issued",
        "KAVSAK_SECURITY_JWT_SECRET", SECRET));

    assertThat(settings.hubToken().get()).isEqualTo("idp-issued");
  }

  @Test
  void withoutSecretOrTokenTheOperatorDoesNotStart() {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of()))
        .hasMessageContaining("KAVSAK_SECURITY_JWT_SECRET").hasMessageContaining("KAVSAK_HUB_TOKEN");
  }

  @Test
  void completedRecallRequestsAreKeptUnlessADefaultTtlIsSet() {
    assertThat(OperatorSettings.fromEnvironment(Map.of("KAVSAK_SECURITY_JWT_SECRET", SECRET)).defaultRecallTtl())
        .isEmpty();
    assertThat(OperatorSettings.fromEnvironment(Map.of("KAVSAK_SECURITY_JWT_SECRET", SECRET,
        "KAVSAK_RECALL_DEFAULT_TTL_SECONDS", "604800")).defaultRecallTtl()).contains(Duration.ofDays(7));
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("KAVSAK_SECURITY_JWT_SECRET", SECRET,
        "KAVSAK_RECALL_DEFAULT_TTL_SECONDS", "-1")))
        .hasMessageContaining("KAVSAK_RECALL_DEFAULT_TTL_SECONDS");
  }

  @Test
  void aCaFileNeedsAnHttpsHubUrl() {
    assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("KAVSAK_SECURITY_JWT_SECRET", SECRET,
        "KAVSAK_HUB_CA_FILE", "/etc/kavsak/hub-ca/ca.crt")))
        .hasMessageContaining("not https");

    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of("KAVSAK_SECURITY_JWT_SECRET", SECRET,
        "KAVSAK_HUB_CA_FILE", "/etc/kavsak/hub-ca/ca.crt", "KAVSAK_HUB_URL", "https://kavsak-hub:8080"));
    assertThat(settings.hubCaFile()).contains(Path.of("/etc/kavsak/hub-ca/ca.crt"));
  }
}
