package io.pixelcraft.collab.internal;

/** A token bucket for one connection's op rate; called from that connection's reader only. */
final class TokenBucket {

    private final double perSecond;
    private final double capacity;
    private double tokens;
    private long updatedNanos = System.nanoTime();

    TokenBucket(int perSecond, int capacity) {
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.tokens = capacity;
    }

    /** Takes {@code count} tokens and returns 0, or takes none and returns the milliseconds until they are there. */
    synchronized long take(int count) {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - updatedNanos) / 1e9 * perSecond);
        updatedNanos = now;
        if (count <= tokens) {
            tokens -= count;
            return 0;
        }
        double missing = Math.min(count, capacity) - tokens;
        return Math.max(1, (long) Math.ceil(missing / perSecond * 1000));
    }
}
