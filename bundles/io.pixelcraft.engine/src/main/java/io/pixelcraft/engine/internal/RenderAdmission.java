package io.pixelcraft.engine.internal;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits renders by their estimated memory: a render starts only while the estimates of all
 * admitted renders stay within the budget. A render that does not fit waits up to the maximum
 * wait, in arrival order, and is then rejected, so parallel large renders queue or fail cleanly
 * instead of running the JVM out of memory. Thread-safe.
 */
final class RenderAdmission {

    private static final long BYTES_PER_PERMIT = 1024;

    private final long budgetBytes;
    private final long maxWaitMillis;
    private final int totalPermits;
    private final Semaphore permits;

    /**
     * @param budgetBytes   the sum of admitted estimates may not exceed this, at least 1 KiB
     * @param maxWaitMillis how long a render waits for memory before it is rejected, 0 or more
     */
    RenderAdmission(long budgetBytes, long maxWaitMillis) {
        if (budgetBytes < BYTES_PER_PERMIT || budgetBytes / BYTES_PER_PERMIT > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Render memory budget " + budgetBytes + " bytes is invalid: use 1 KiB to 2 TiB");
        }
        if (maxWaitMillis < 0) {
            throw new IllegalArgumentException("Render admission wait " + maxWaitMillis + " ms is invalid: use 0 or more");
        }
        this.budgetBytes = budgetBytes;
        this.maxWaitMillis = maxWaitMillis;
        this.totalPermits = permitsFor(budgetBytes);
        // Fair, so a large render waiting for memory is not overtaken for ever by small ones.
        this.permits = new Semaphore(totalPermits, true);
    }

    long budgetBytes() {
        return budgetBytes;
    }

    long maxWaitMillis() {
        return maxWaitMillis;
    }

    /** Returns the bytes that admitted renders hold now, rounded up to whole KiB per render. */
    long admittedBytes() {
        return (long) (totalPermits - permits.availablePermits()) * BYTES_PER_PERMIT;
    }

    /**
     * Admits a render that needs about {@code bytes}, waiting up to the maximum wait. Close the
     * returned ticket when the render ends, also when it fails.
     *
     * @param subject names the render in messages, for example {@code 8000 × 8000 pixels}
     * @throws IllegalArgumentException   when the render alone needs more than the whole budget
     * @throws RejectedExecutionException when the memory did not become free within the wait, or
     *                                    the thread was interrupted while waiting
     */
    Ticket admit(long bytes, String subject) {
        if (bytes > budgetBytes) {
            throw new IllegalArgumentException("Rendering " + subject + " needs about " + megabytes(bytes)
                    + " MB of memory, above the render memory budget of " + megabytes(budgetBytes) + " MB");
        }
        int needed = Math.min(permitsFor(bytes), totalPermits);
        boolean acquired;
        try {
            acquired = permits.tryAcquire(needed, maxWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RejectedExecutionException("Rendering " + subject + " was interrupted while waiting for render memory");
        }
        if (!acquired) {
            throw new RejectedExecutionException("Rendering " + subject + " needs about " + megabytes(bytes)
                    + " MB of memory, and other renders used the render memory budget of " + megabytes(budgetBytes)
                    + " MB for longer than " + maxWaitMillis + " ms");
        }
        return new Ticket(needed);
    }

    private static int permitsFor(long bytes) {
        long rounded = Math.max(1, (Math.max(0, bytes) + BYTES_PER_PERMIT - 1) / BYTES_PER_PERMIT);
        return (int) Math.min(Integer.MAX_VALUE, rounded);
    }

    static long megabytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** The memory of one admitted render; closing it releases the memory once. */
    final class Ticket implements AutoCloseable {

        private final int permitCount;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Ticket(int permitCount) {
            this.permitCount = permitCount;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                permits.release(permitCount);
            }
        }
    }
}
