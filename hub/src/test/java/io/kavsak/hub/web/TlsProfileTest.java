package io.kavsak.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.servlet.ServletManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code tls} profile (application-tls.yml) with a certificate and key mounted as cert-manager writes them:
 * the API port answers HTTPS only, to clients that trust the CA, while the separate management port keeps plain
 * HTTP for the kubelet's probes and Prometheus. Only the hub's web server is started (the hub's own configuration
 * files, Tomcat, Spring MVC, actuator), not its routes and services.
 */
class TlsProfileTest {

    @Test
    void apiPortServesHttpsWithTheMountedCertificateAndManagementPortStaysHttp(@TempDir Path tls) throws Exception {
        Pki pki = Pki.issue(tls);
        String[] args = {"--server.port=0", "--management.server.port=0",
            "--management.endpoint.health.validate-group-membership=false",
            "--KAVSAK_TLS_CERTIFICATE=" + tls.resolve("tls.crt"), "--KAVSAK_TLS_PRIVATE_KEY=" + tls.resolve("tls.key")};
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(WebServerOnly.class)
                .profiles("tls").run(args)) {
            int api = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
            int management = Integer.parseInt(hub.getEnvironment().getProperty("local.management.port"));
            HttpClient trustingTheCa = HttpClient.newBuilder().sslContext(pki.trusting()).build();

            HttpResponse<String> https = trustingTheCa.send(get("https://localhost:" + api + "/tls-check"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(https.statusCode()).isEqualTo(200);
            assertThat(https.body()).isEqualTo("served over TLS");

            assertThatThrownBy(() -> HttpClient.newHttpClient().send(get("https://localhost:" + api + "/tls-check"),
                    HttpResponse.BodyHandlers.ofString()))
                    .as("a client without the CA refuses the certificate").isInstanceOf(SSLHandshakeException.class);
            HttpResponse<String> plain = HttpClient.newHttpClient().send(get("http://localhost:" + api + "/tls-check"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).as("plain HTTP on the API port is refused").isEqualTo(400);

            HttpResponse<String> probe = HttpClient.newHttpClient().send(
                    get("http://localhost:" + management + "/actuator/health/liveness"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(probe.statusCode()).isEqualTo(200);
            assertThat(probe.body()).contains("\"UP\"");
        }
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build();
    }

    @SpringBootConfiguration
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, SslAutoConfiguration.class,
        ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
        ApplicationAvailabilityAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
        EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
        ManagementContextAutoConfiguration.class, ServletManagementContextAutoConfiguration.class})
    static class WebServerOnly {

        @RestController
        static class TlsCheck {

            @GetMapping("/tls-check")
            String check() {
                return "served over TLS";
            }
        }
    }

    /** A CA and the hub's certificate for localhost, written as tls.crt (with the chain) and tls.key (PKCS#8). */
    private record Pki(X509Certificate ca) {

        static Pki issue(Path dir) throws Exception {
            KeyPair caKeys = keys();
            X500Name caName = new X500Name("CN=kavsak-test-ca");
            X509Certificate ca = sign(builder(caName, caName, caKeys)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)), caKeys);
            KeyPair hubKeys = keys();
            X509Certificate hub = sign(builder(caName, new X500Name("CN=kavsak-hub"), hubKeys)
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost"))), caKeys);
            Files.writeString(dir.resolve("tls.crt"), pem(hub) + pem(ca));
            Files.writeString(dir.resolve("tls.key"), pem(new JcaPKCS8Generator(hubKeys.getPrivate(), null)));
            return new Pki(ca);
        }

        SSLContext trusting() throws Exception {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        }

        private static KeyPair keys() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        }

        private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
            Instant now = Instant.now();
            return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                    keys.getPublic());
        }

        private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) throws Exception {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        }

        private static String pem(Object object) throws IOException {
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                writer.writeObject(object);
            }
            return out.toString();
        }
    }
}
