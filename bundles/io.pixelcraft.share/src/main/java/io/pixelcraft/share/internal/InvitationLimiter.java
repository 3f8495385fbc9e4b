package io.pixelcraft.share.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sliding-window limit on invitations per sender. Counts live in memory.
 *
 * <p>NOTE: each node counts on its own, so behind a load balancer with n nodes a sender can send
 * up to n times the limit, and a restart resets the counts.
 */
final class InvitationLimiter {

    private final int maxPerWindow;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> sent = new ConcurrentHashMap<>();

    InvitationLimiter(int maxPerWindow, Duration window, Clock clock) {
        if (maxPerWindow < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("Invalid invitation limit: " + maxPerWindow + " per " + window
                    + "; use at least 1 per a positive window");
        }
        this.maxPerWindow = maxPerWindow;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Records one invitation by the sender when the limit allows it.
     *
     * @return 0 when recorded, otherwise the seconds until the sender may send again (at least 1)
     */
    long tryAcquire(String senderId) {
        Instant now = clock.instant();
        long[] retryAfter = {0};
        // compute() runs atomically per key, so two requests of one sender cannot both take the last slot.
        sent.compute(senderId, (key, times) -> {
            Deque<Instant> current = times == null ? new ArrayDeque<>() : times;
            prune(current, now);
            if (current.size() >= maxPerWindow) {
                long seconds = Duration.between(now, current.peekFirst().plus(window)).toSeconds();
                retryAfter[0] = Math.max(1, seconds + 1);
            } else {
                current.addLast(now);
            }
            return current;
        });
        return retryAfter[0];
    }

    /** Drops senders with no invitation inside the window, so the map does not grow forever. */
    void evictIdle() {
        Instant now = clock.instant();
        for (String senderId : sent.keySet()) {
            sent.computeIfPresent(senderId, (key, times) -> {
                prune(times, now);
                return times.isEmpty() ? null : times;
            });
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant windowStart = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(windowStart)) {
            times.pollFirst();
        }
    }
}
