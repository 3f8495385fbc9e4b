package io.pixelcraft.plugin.sandbox;

import java.util.concurrent.TimeUnit;

/**
 * The limits of one plugin call, bound to the thread that runs it.
 *
 * <p>The host opens a budget on the worker thread before it calls a plugin and closes it after.
 * Woven checks read it through a thread-local, so code that runs without an open budget (for
 * example a constructor called by Declarative Services) is not limited.
 *
 * <p>Once a limit is hit the budget stays exhausted: every later check on that thread throws
 * until the host closes the budget, so plugin code cannot swallow the error and go on.
 */
public final class CallBudget implements AutoCloseable {

    /** Kinds of limits. */
    public enum Limit {
        /** The call ran past its deadline. */
        TIME,
        /** The call allocated more array memory than allowed. */
        ALLOCATION,
        /** The caller cancelled the call. */
        CANCELLED
    }

    static final ThreadLocal<CallBudget> CURRENT = new ThreadLocal<>();

    private final long deadlineNanos;
    private final long maxAllocationBytes;
    private final Thread owner;
    private long allocatedBytes;
    private int checksSinceClockRead;
    private volatile Limit exhausted;

    private CallBudget(long timeout, TimeUnit unit, long maxAllocationBytes) {
        this.deadlineNanos = System.nanoTime() + unit.toNanos(timeout);
        this.maxAllocationBytes = maxAllocationBytes;
        this.owner = Thread.currentThread();
    }

    /**
     * Opens a budget on the current thread. Close it in a {@code finally} block or with
     * try-with-resources.
     *
     * @throws IllegalStateException when the thread already has an open budget
     */
    public static CallBudget open(long timeout, TimeUnit unit, long maxAllocationBytes) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("Thread " + Thread.currentThread().getName() + " already runs a budgeted plugin call");
        }
        CallBudget budget = new CallBudget(timeout, unit, maxAllocationBytes);
        CURRENT.set(budget);
        return budget;
    }

    /** Marks the budget as cancelled, from any thread; the plugin stops at its next check. */
    public void cancel() {
        if (exhausted == null) {
            exhausted = Limit.CANCELLED;
        }
    }

    /** Returns the limit that was hit, or {@code null} while the budget lasts. */
    public Limit exhausted() {
        return exhausted;
    }

    /** Returns the bytes of arrays that woven plugin code allocated so far. */
    public long allocatedBytes() {
        return allocatedBytes;
    }

    @Override
    public void close() {
        if (Thread.currentThread() == owner && CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    void check() {
        Limit limit = exhausted;
        if (limit != null) {
            throw error(limit);
        }
        // Reading the clock costs about 20 ns, so a tight loop reads it on every 256th check.
        if (++checksSinceClockRead >= 256) {
            checksSinceClockRead = 0;
            if (System.nanoTime() - deadlineNanos > 0) {
                exhausted = Limit.TIME;
                throw error(Limit.TIME);
            }
        }
    }

    void allocate(long bytes) {
        check();
        allocatedBytes += bytes;
        if (allocatedBytes > maxAllocationBytes) {
            exhausted = Limit.ALLOCATION;
            throw error(Limit.ALLOCATION);
        }
    }

    private BudgetExceededError error(Limit limit) {
        return switch (limit) {
            case TIME -> new BudgetExceededError(limit, "Plugin call ran past its deadline");
            case ALLOCATION -> new BudgetExceededError(limit, "Plugin call allocated " + allocatedBytes
                    + " bytes of arrays, above its limit of " + maxAllocationBytes);
            case CANCELLED -> new BudgetExceededError(limit, "Plugin call was cancelled");
        };
    }
}
