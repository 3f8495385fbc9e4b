package io.pixelcraft.storage.internal;

import com.mongodb.client.MongoClient;
import io.pixelcraft.api.storage.StorageInfo;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One driver client with what belongs to it, and a count of the driver calls running on it.
 *
 * <p>Every call through the objects that {@link StoreFailureTranslator} wraps holds a lease for
 * its duration. A replaced client closes only when no lease is held, and closing and taking a
 * lease exclude each other: once closed, {@link #acquire()} fails instead of handing out a
 * closed client, so a late caller gets {@code StorageUnavailableException} (503) rather than the
 * driver's "state should be: open" error (500).
 */
final class PooledClient {

    /** Lease count of a closed client; any negative count means closed. */
    private static final int CLOSED = Integer.MIN_VALUE / 2;

    private final MongoClient client;
    private final ClusterReachability reachability;
    private final StorageInfo info;
    private final String unavailableReason;
    private final PoolStatistics pool;
    private final AtomicInteger leases = new AtomicInteger();

    /** {@link System#nanoTime()} of the last lease taken or returned. */
    private volatile long lastCallNanos = System.nanoTime();

    /** {@link System#nanoTime()} from which this replaced client may close once idle. */
    private volatile long graceEndNanos;

    /** {@link System#nanoTime()} at which this replaced client closes even with calls running. */
    private volatile long forceCloseNanos;

    PooledClient(MongoClient client, ClusterReachability reachability, StorageInfo info, PoolStatistics pool) {
        this(client, reachability, info, null, pool);
    }

    private PooledClient(MongoClient client, ClusterReachability reachability, StorageInfo info,
            String unavailableReason, PoolStatistics pool) {
        this.client = client;
        this.reachability = reachability;
        this.info = info;
        this.unavailableReason = unavailableReason;
        this.pool = pool;
    }

    /** Returns a placeholder without a client, whose callers get {@code reason}. */
    static PooledClient unavailable(StorageInfo info, String reason) {
        return new PooledClient(null, null, info, reason, new PoolStatistics(info.maxPoolSize(), (nanos, outcome) -> { }));
    }

    /** Returns the driver client, or null when no store is available. */
    MongoClient client() {
        return client;
    }

    /** Returns the listener that tracks the client's servers, or null without a client. */
    ClusterReachability reachability() {
        return reachability;
    }

    /** Returns mode, address and pool size for health and the console. */
    StorageInfo info() {
        return info;
    }

    /** Returns why there is no client, or null when there is one. */
    String unavailableReason() {
        return unavailableReason;
    }

    PoolStatistics pool() {
        return pool;
    }

    /** Takes a lease for one driver call; returns false when the client is closed. */
    boolean acquire() {
        while (true) {
            int current = leases.get();
            if (current < 0) {
                return false;
            }
            if (leases.compareAndSet(current, current + 1)) {
                lastCallNanos = System.nanoTime();
                return true;
            }
        }
    }

    /** Returns a lease taken by {@link #acquire()}. */
    void release() {
        lastCallNanos = System.nanoTime();
        leases.decrementAndGet();
    }

    /** Returns the driver calls running now, or a negative number once closed. */
    int leases() {
        return leases.get();
    }

    /** Marks this client as replaced, with the times from which it closes when idle and at the latest. */
    void retire(long graceEndNanos, long forceCloseNanos) {
        this.graceEndNanos = graceEndNanos;
        this.forceCloseNanos = forceCloseNanos;
    }

    long graceEndNanos() {
        return graceEndNanos;
    }

    long forceCloseNanos() {
        return forceCloseNanos;
    }

    boolean closed() {
        return leases.get() < 0;
    }

    /** Closes the client if no call runs on it; returns whether it is closed now. */
    boolean closeIfIdle() {
        if (!leases.compareAndSet(0, CLOSED)) {
            return closed();
        }
        closeClient();
        return true;
    }

    /**
     * Closes the client if no call runs on it and none has started or ended for {@code quietNanos};
     * returns whether it is closed now. The quiet period lets a request that is between two driver
     * calls make its next one.
     */
    boolean closeIfQuiet(long nowNanos, long quietNanos) {
        if (nowNanos - lastCallNanos < quietNanos && !closed()) {
            return false;
        }
        return closeIfIdle();
    }

    /**
     * Closes the client even though calls still run on it; they fail with the driver's error.
     *
     * @return the calls that were running
     */
    int closeNow() {
        int running = leases.getAndSet(CLOSED);
        if (running >= 0) {
            closeClient();
        }
        return Math.max(running, 0);
    }

    private void closeClient() {
        if (client != null) {
            client.close();
        }
    }
}
