package io.pixelcraft.accounts.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts attempts (failed sign-ins, reset mails) per key in a sliding window, and blocks a key
 * that reached its limit until its oldest attempt leaves the window.
 *
 * <p>NOTE: the counters live in this node's memory. Behind a load balancer with several nodes an
 * attacker gets each node's limit, and a restart clears them. Move them into MongoDB or the
 * balancer before running more than one node.
 */
final class AttemptLimiter {

    // Caps memory under an attack from many addresses; the least recently used keys go first.
    private static final int MAX_KEYS = 100_000;

    private final int maxAttempts;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> attempts = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    AttemptLimiter(int maxAttempts, Duration window, Clock clock) {
        this.maxAttempts = maxAttempts;
        this.window = window;
        this.clock = clock;
    }

    /** Returns the seconds until {@code key} may try again, or 0 when it may try now. */
    synchronized long retryAfterSeconds(String key) {
        Deque<Instant> times = attempts.get(key);
        if (times == null) {
            return 0;
        }
        Instant now = clock.instant();
        prune(times, now);
        if (times.isEmpty()) {
            attempts.remove(key);
            return 0;
        }
        if (times.size() < maxAttempts) {
            return 0;
        }
        Instant freeAt = times.peekFirst().plus(window);
        return Math.max(1, Duration.between(now, freeAt).toSeconds() + 1);
    }

    /** Records one attempt of {@code key}. */
    synchronized void record(String key) {
        Instant now = clock.instant();
        Deque<Instant> times = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
        while (times.size() > maxAttempts) {
            times.removeFirst();
        }
    }

    /** Forgets the attempts of {@code key}, for example after a successful sign-in. */
    synchronized void reset(String key) {
        attempts.remove(key);
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant cutoff = now.minus(window);
        Iterator<Instant> it = times.iterator();
        while (it.hasNext() && !it.next().isAfter(cutoff)) {
            it.remove();
        }
    }
}
