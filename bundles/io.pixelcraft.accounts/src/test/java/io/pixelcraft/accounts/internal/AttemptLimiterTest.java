package io.pixelcraft.accounts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AttemptLimiter limiter = new AttemptLimiter(3, Duration.ofMinutes(10), clock);

    @Test
    void blocksAtLimitUntilOldestLeaves() {
        limiter.record("k");
        clock.advance(Duration.ofMinutes(2));
        limiter.record("k");
        assertThat(limiter.retryAfterSeconds("k")).isZero();
        limiter.record("k");

        assertThat(limiter.retryAfterSeconds("k")).isEqualTo(8 * 60 + 1);
        clock.advance(Duration.ofMinutes(8));
        assertThat(limiter.retryAfterSeconds("k")).isZero();
    }

    @Test
    void keysAreIndependent() {
        for (int i = 0; i < 3; i++) {
            limiter.record("a");
        }

        assertThat(limiter.retryAfterSeconds("a")).isPositive();
        assertThat(limiter.retryAfterSeconds("b")).isZero();
    }

    @Test
    void resetClearsKey() {
        for (int i = 0; i < 3; i++) {
            limiter.record("a");
        }

        limiter.reset("a");

        assertThat(limiter.retryAfterSeconds("a")).isZero();
    }
}
