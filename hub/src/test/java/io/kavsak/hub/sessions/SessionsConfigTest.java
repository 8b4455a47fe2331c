package io.kavsak.hub.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class SessionsConfigTest {

    private final SessionsConfig config = new SessionsConfig();

    @Test
    void inMemoryStoreOnlyWhenAskedForAndSaidSoInHealth() {
        RefreshSessionStore store = config.refreshSessionStore("in-memory", null, null);
        assertThat(store).isInstanceOf(InMemoryRefreshSessionStore.class);
        Health health = config.sessionsHealthIndicator(store).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("store", "in-memory").containsKey("warning");
    }

    @Test
    void anUnknownStoreStopsTheStart() {
        assertThatThrownBy(() -> config.refreshSessionStore("memcached", null, null))
                .hasMessageContaining("kavsak.sessions.store");
    }
}
