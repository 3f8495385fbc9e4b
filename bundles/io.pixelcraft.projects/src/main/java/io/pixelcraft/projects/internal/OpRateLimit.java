package io.pixelcraft.projects.internal;

import io.pixelcraft.api.web.ApiException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The op rate of REST batches, per user and project: a token bucket of {@code opsPerSecond} ops
 * that holds up to {@code burst} ops. It matches the WebSocket limit of the collaboration rooms,
 * which applies per connection.
 *
 * <p>NOTE: the buckets live in memory on each node, so a user who sends to several nodes gets
 * the rate once per node, and a restart refills every bucket.
 */
final class OpRateLimit {

    static final int DEFAULT_OPS_PER_SECOND = 200;
    static final int DEFAULT_BURST = 10_000;
    /** Calls between two sweeps that drop full buckets, so the map holds only recently active pairs. */
    private static final int SWEEP_EVERY_CALLS = 1024;

    private final double opsPerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** One user's bucket for one project. */
    private static final class Bucket {
        private double tokens;
        private long updatedNanos;
        /** Set when a sweep dropped the bucket, so a caller that got it before the sweep looks it up again. */
        private boolean dropped;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.updatedNanos = nowNanos;
        }
    }

    OpRateLimit(int opsPerSecond, int burst) {
        this(opsPerSecond, burst, System::nanoTime);
    }

    /** Uses {@code nanoClock} in place of {@link System#nanoTime()}; for tests. */
    OpRateLimit(int opsPerSecond, int burst, LongSupplier nanoClock) {
        if (opsPerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("Invalid projects settings restOpsPerSecond=" + opsPerSecond
                    + ", restOpBurst=" + burst + ": both must be positive integers");
        }
        this.opsPerSecond = opsPerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes {@code count} tokens from the user's bucket for the project. A batch larger than the
     * burst needs a full bucket and empties it, so the engine's batch size limit stays the only
     * limit on batch size.
     *
     * @throws ApiException 429 with {@code Retry-After} in whole seconds when the bucket has too few tokens
     */
    void take(String userId, String projectId, int count) {
        long now = nanoClock.getAsLong();
        if (calls.incrementAndGet() % SWEEP_EVERY_CALLS == 0) {
            sweep(now);
        }
        double needed = Math.min(count, burst);
        double missing;
        while (true) {
            Bucket bucket = buckets.computeIfAbsent(userId + "\n" + projectId, key -> new Bucket(burst, now));
            synchronized (bucket) {
                if (bucket.dropped) {
                    continue;
                }
                refill(bucket, now);
                if (needed <= bucket.tokens) {
                    bucket.tokens -= needed;
                    return;
                }
                missing = needed - bucket.tokens;
                break;
            }
        }
        long retryAfterSeconds = Math.max(1, (long) Math.ceil(missing / opsPerSecond));
        throw ApiException.tooManyRequests("Op rate above " + (long) opsPerSecond + " ops per second (bursts of "
                + (long) burst + ") for this project: resend the batch with the same op ids in " + retryAfterSeconds
                + " seconds", retryAfterSeconds);
    }

    private void refill(Bucket bucket, long now) {
        // Another thread may have refilled with a later time since this caller read the clock.
        long elapsed = Math.max(0, now - bucket.updatedNanos);
        bucket.tokens = Math.min(burst, bucket.tokens + elapsed / 1e9 * opsPerSecond);
        bucket.updatedNanos = Math.max(bucket.updatedNanos, now);
    }

    /** Drops the buckets that have refilled completely, because a new bucket starts full anyway. */
    private void sweep(long now) {
        Iterator<Bucket> iterator = buckets.values().iterator();
        while (iterator.hasNext()) {
            Bucket bucket = iterator.next();
            synchronized (bucket) {
                refill(bucket, now);
                if (bucket.tokens >= burst) {
                    bucket.dropped = true;
                    iterator.remove();
                }
            }
        }
    }

    /** Returns the number of buckets in memory; for tests. */
    int size() {
        return buckets.size();
    }
}
