package io.kavsak.hub.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.kavsak.hub.sessions.RefreshSessionStore.Remembered;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryRefreshSessionStoreTest {

    private Instant now = Instant.parse("2026-11-23T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final InMemoryRefreshSessionStore store = new InMemoryRefreshSessionStore(clock);

    @Test
    void behavesLikeTheRedisStore() {
        assertThat(store.remember("t", "j1", "u1", now.plusSeconds(60))).isEqualTo(Remembered.REMEMBERED);
        assertThat(store.remember("t", "j1", "u2", now.plusSeconds(60))).isEqualTo(Remembered.TAKEN_BY_ANOTHER_USER);
        assertThat(store.remember("t", "j0", "u1", now)).isEqualTo(Remembered.ALREADY_EXPIRED);
        store.remember("t", "j2", "u1", now.plusSeconds(60));
        store.remember("other", "j3", "u1", now.plusSeconds(60));
        assertThat(store.isActive("t", "j1")).isTrue();
        assertThat(store.isActive("t", "j3")).isFalse();
        assertThat(store.revoke("t", "j1")).isTrue();
        assertThat(store.revoke("t", "j1")).isFalse();
        assertThat(store.revokeAllForUser("t", "u1")).isEqualTo(1);
        assertThat(store.isActive("other", "j3")).isTrue();
        assertThat(store.kind()).isEqualTo("in-memory");
    }

    @Test
    void expiredSessionsLeaveNothingBehind() {
        for (int i = 0; i < 10_000; i++) {
            store.remember("t", "j" + i, "u" + (i % 250), now.plusSeconds(10));
        }
        now = now.plus(Duration.ofSeconds(11));
        assertThat(store.isActive("t", "j1")).isFalse();
        store.remember("t", "fresh", "u1", now.plusSeconds(10));
        assertThat(store.entries()).as("only the fresh session and its index entry").isEqualTo(2);
    }
}
