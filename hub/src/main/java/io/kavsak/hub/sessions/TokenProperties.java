package io.kavsak.hub.sessions;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lifetimes of the token service: access tokens, a login's refresh tokens (absolute from the login, idle since
 * the last refresh), and the grace window in which requests racing with one refresh token share its successor.
 */
@ConfigurationProperties("kavsak.sessions.tokens")
public record TokenProperties(@DefaultValue("15m") Duration accessLifetime,
                              @DefaultValue("30d") Duration absoluteLifetime,
                              @DefaultValue("7d") Duration idleLifetime,
                              @DefaultValue("10s") Duration gracePeriod) {
}
