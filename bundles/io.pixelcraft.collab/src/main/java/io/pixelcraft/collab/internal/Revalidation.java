package io.pixelcraft.collab.internal;

import io.pixelcraft.api.account.CredentialValidator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every open connection's credential and project role again on a schedule. A WebSocket
 * authenticates once, at the upgrade, so without this a connection would outlive a sign-out, a
 * revoked token, a disabled user or a removed membership until the client reconnected.
 *
 * <p>Each connection is checked once per interval at its own random offset, so that the store
 * receives an even stream of lookups instead of one burst per interval. A check costs three lookups by
 * unique key (credential, user, project). The checks run on their own threads, so a slow store
 * delays them and never the rooms' group commits. Each connection has at most one check pending,
 * so when the store is too slow for the interval, the checks fall behind instead of piling up.
 */
final class Revalidation {

    private static final Logger LOG = LoggerFactory.getLogger(Revalidation.class);
    private static final int THREADS = 2;

    private final ScheduledExecutorService executor;
    private final Map<Connection, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private final AtomicReference<CredentialValidator> validator = new AtomicReference<>();
    private final AtomicLong failedChecks = new AtomicLong();
    private volatile long intervalMillis;

    Revalidation(long intervalMillis) {
        this.intervalMillis = requirePositive(intervalMillis);
        AtomicInteger threadCounter = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-collab-revalidation-" + threadCounter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.executor = pool;
    }

    /**
     * Sets the service that validates credentials. Without one, only project roles are checked
     * again, so a revoked credential keeps its socket until the client reconnects.
     */
    void bindValidator(CredentialValidator value) {
        validator.set(value);
        LOG.info("Collaboration connections re-check their credential every {} ms", intervalMillis);
    }

    /** Clears the validator if it is still the one that is going away. */
    void unbindValidator(CredentialValidator value) {
        if (validator.compareAndSet(value, null)) {
            LOG.warn("No credential validator: collaboration connections re-check only their project role "
                    + "until the accounts bundle runs again");
        }
    }

    /** Starts the checks of a new connection, the first one at a random time within the interval. */
    void register(Connection connection) {
        try {
            scheduled.put(connection, start(connection));
        } catch (RejectedExecutionException e) {
            // Shut down: the manager closes the connection with the restarting code.
            LOG.debug("Not checking session {} again: collaboration is stopping", connection.sessionId());
        }
    }

    void unregister(Connection connection) {
        ScheduledFuture<?> future = scheduled.remove(connection);
        if (future != null) {
            future.cancel(false);
        }
    }

    /**
     * Checks the user's connections now, on the revalidation threads, after the accounts bundle
     * reported revoked credentials. Their scheduled checks continue as before.
     */
    void checkUserNow(String userId) {
        for (Connection connection : scheduled.keySet()) {
            if (connection.userId().equals(userId)) {
                try {
                    executor.execute(() -> check(connection));
                } catch (RejectedExecutionException e) {
                    // Shut down: the manager closes the connection with the restarting code.
                    return;
                }
            }
        }
    }

    /** Changes the interval, and moves every open connection to a new random offset within it. */
    void setInterval(long millis) {
        intervalMillis = requirePositive(millis);
        for (Connection connection : scheduled.keySet()) {
            // computeIfPresent, so that a connection that closes meanwhile is not scheduled again.
            scheduled.computeIfPresent(connection, (key, previous) -> {
                previous.cancel(false);
                return start(key);
            });
        }
    }

    long intervalMillis() {
        return intervalMillis;
    }

    void shutdown() {
        executor.shutdownNow();
        scheduled.clear();
    }

    private ScheduledFuture<?> start(Connection connection) {
        long interval = intervalMillis;
        long offset = ThreadLocalRandom.current().nextLong(interval);
        return executor.scheduleWithFixedDelay(() -> check(connection), offset, interval, TimeUnit.MILLISECONDS);
    }

    private void check(Connection connection) {
        try {
            connection.revalidate(validator.get());
            long failed = failedChecks.getAndSet(0);
            if (failed > 0) {
                LOG.info("Collaboration connection checks work again after {} failed checks", failed);
            }
        } catch (RuntimeException e) {
            // The store or the projects service is down. The connection stays open and is checked
            // again next interval. Only the first failure of a run is logged with its stack trace.
            if (failedChecks.getAndIncrement() == 0) {
                LOG.warn("Failed to check session {} of user {} in project {} again; the connection stays open",
                        connection.sessionId(), connection.userId(), connection.projectId(), e);
            } else {
                LOG.debug("Failed to check session {} of user {} in project {} again: {}", connection.sessionId(),
                        connection.userId(), connection.projectId(), e.toString());
            }
        }
    }

    private static long requirePositive(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("Invalid collaboration revalidation interval " + millis
                    + " ms: it must be positive");
        }
        return millis;
    }
}
