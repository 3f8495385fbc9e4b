package io.pixelcraft.mail.internal;

import java.time.Duration;

/** Exponential back-off: the delay doubles with each failed attempt up to a maximum. */
record Backoff(Duration initial, Duration max) {

    /** Returns the delay after {@code failedAttempts} failures (1 for the first failure). */
    Duration delayAfter(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        Duration delay = initial.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
