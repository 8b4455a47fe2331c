package io.kavsak.hub.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every {@code /api/**} call carries a bearer JWT; health, metrics and the OpenAPI document are open; the other
 * actuator endpoints of the management port, the Hawtio route console and its Jolokia bridge among them, need the
 * hub-wide {@link Caller#HUB_ADMIN} role (a tenant's admin sees only its own tenant, they show every tenant's).
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain api(HttpSecurity http, Problems problems) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/openapi.json", "/api/openapi.yaml").permitAll()
                        // the refresh token in the body is the credential (sessions/TokenApi)
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/refresh", "/api/v1/auth/logout").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Caller.HUB_ADMIN)
                        .anyRequest().permitAll())
                .oauth2ResourceServer(rs -> rs
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesConverter()))
                        .authenticationEntryPoint((request, response, e) -> write(response, problems,
                                HttpStatus.UNAUTHORIZED, "A valid bearer token is required", request.getRequestURI()))
                        .accessDeniedHandler((request, response, e) -> write(response, problems,
                                HttpStatus.FORBIDDEN, "The token's roles do not allow this", request.getRequestURI())))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> write(response, problems,
                                HttpStatus.UNAUTHORIZED, "A valid bearer token is required", request.getRequestURI()))
                        .accessDeniedHandler((request, response, e) -> write(response, problems,
                                HttpStatus.FORBIDDEN, "The token's roles do not allow this", request.getRequestURI())))
                .addFilterAfter(new VerifiedCallerFilter(), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /** Hub-signed tokens (their {@code kid}) with the hub's key, every other token as {@link #jwtDecoder} says. */
    @Bean
    JwtDecoder bearerTokenDecoder(SecurityProperties properties, HubSigningKey hubKey) {
        return hubKey.decoder(jwtDecoder(properties));
    }

    /** The decoder of the configured issuer: its JWKS, or the HMAC secret. */
    public JwtDecoder jwtDecoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder;
        if (SecurityProperties.configured(properties.jwksUri())) {
            SignatureAlgorithm algorithm = SignatureAlgorithm.from(properties.jwsAlgorithm());
            if (algorithm == null) {
                throw new IllegalStateException("kavsak.security.jwt.jws-algorithm '" + properties.jwsAlgorithm()
                        + "' is not an asymmetric JWS algorithm (RS256, ES256, PS256, ...)");
            }
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri()).jwsAlgorithm(algorithm).build();
        } else if (properties.secret() != null && properties.secret().length() >= 32) {
            decoder = NimbusJwtDecoder.withSecretKey(hmacKey(properties.secret()))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        } else {
            throw new IllegalStateException("Set KAVSAK_SECURITY_JWT_SECRET (at least 32 characters) "
                    + "or KAVSAK_SECURITY_JWT_JWKS_URI to verify bearer tokens");
        }
        decoder.setJwtValidator(JwtClaims.validator(properties));
        return decoder;
    }

    public static SecretKeySpec hmacKey(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    private static JwtAuthenticationConverter rolesConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> JwtClaims.roles(jwt).stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .map(a -> (org.springframework.security.core.GrantedAuthority) a)
                .toList());
        return converter;
    }

    private static void write(HttpServletResponse response, Problems problems, HttpStatus status, String detail,
                              String instance) throws IOException {
        response.setStatus(status.value());
        response.setContentType(Problems.MEDIA_TYPE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getWriter().write(problems.document(status, null, detail, null, instance));
    }

}
