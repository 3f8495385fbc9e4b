package io.pixelcraft.share.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InvitationLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void limitSlidesWithWindow() {
        InvitationLimiter limiter = new InvitationLimiter(2, Duration.ofMinutes(10), clock);

        assertThat(limiter.tryAcquire("ed")).isZero();
        clock.advance(Duration.ofMinutes(4));
        assertThat(limiter.tryAcquire("ed")).isZero();
        assertThat(limiter.tryAcquire("ed")).as("seconds until the first send leaves the window").isEqualTo(361);

        clock.advance(Duration.ofMinutes(6));
        assertThat(limiter.tryAcquire("ed")).isZero();
        assertThat(limiter.tryAcquire("ed")).isEqualTo(241);
    }

    @Test
    void sendersCountedSeparately() {
        InvitationLimiter limiter = new InvitationLimiter(1, Duration.ofMinutes(10), clock);

        assertThat(limiter.tryAcquire("ed")).isZero();
        assertThat(limiter.tryAcquire("olga")).isZero();
        assertThat(limiter.tryAcquire("ed")).isPositive();
    }

    @Test
    void rejectedRequestsDoNotCount() {
        InvitationLimiter limiter = new InvitationLimiter(1, Duration.ofMinutes(10), clock);
        limiter.tryAcquire("ed");
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("ed");
        }

        clock.advance(Duration.ofMinutes(10));

        assertThat(limiter.tryAcquire("ed")).isZero();
    }

    @Test
    void concurrentSendsNeverExceedLimit() throws InterruptedException {
        InvitationLimiter limiter = new InvitationLimiter(10, Duration.ofMinutes(10), clock);
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 200; i++) {
            pool.execute(() -> {
                if (limiter.tryAcquire("ed") == 0) {
                    granted.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(granted.get()).isEqualTo(10);
    }

    @Test
    void evictIdleKeepsActiveSenders() {
        InvitationLimiter limiter = new InvitationLimiter(1, Duration.ofMinutes(10), clock);
        limiter.tryAcquire("ed");
        clock.advance(Duration.ofMinutes(5));
        limiter.tryAcquire("olga");
        clock.advance(Duration.ofMinutes(6));

        limiter.evictIdle();

        assertThat(limiter.tryAcquire("ed")).as("ed's send left the window").isZero();
        assertThat(limiter.tryAcquire("olga")).as("olga's send is still inside").isPositive();
    }

    @Test
    void invalidLimitRejected() {
        assertThatThrownBy(() -> new InvitationLimiter(0, Duration.ofMinutes(1), clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InvitationLimiter(1, Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
