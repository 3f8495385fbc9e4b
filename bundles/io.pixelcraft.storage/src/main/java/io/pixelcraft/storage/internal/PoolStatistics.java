package io.pixelcraft.storage.internal;

import com.mongodb.event.ConnectionCheckOutFailedEvent;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionCheckedInEvent;
import com.mongodb.event.ConnectionCheckedOutEvent;
import com.mongodb.event.ConnectionClosedEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pool use of one driver client, counted from the driver's connection pool events: open
 * connections, connections checked out, and checkouts still waiting for a connection.
 *
 * <p>A checkout counts as waiting from its start event until it gets a connection or fails. With
 * free connections that takes microseconds, so the waiting count stays above zero without a
 * break only while the pool is exhausted; {@link #waitingSinceNanos()} measures that stretch.
 */
final class PoolStatistics implements ConnectionPoolListener {

    /** Receives the duration of every finished checkout. */
    interface CheckoutRecorder {

        /**
         * Records one checkout.
         *
         * @param nanos   time from the start of the checkout to its end
         * @param outcome {@code success}, {@code timeout} or {@code failed}
         */
        void record(long nanos, String outcome);
    }

    /** {@link #waitingSinceNanos()} while nothing waits. */
    static final long NOT_WAITING = Long.MIN_VALUE;

    private final int maxSize;
    private final CheckoutRecorder recorder;

    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger checkedOut = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong checkoutTimeouts = new AtomicLong();
    private final AtomicLong waitingSince = new AtomicLong(NOT_WAITING);

    PoolStatistics(int maxSize, CheckoutRecorder recorder) {
        this.maxSize = maxSize;
        this.recorder = recorder;
    }

    @Override
    public void connectionCreated(ConnectionCreatedEvent event) {
        size.incrementAndGet();
    }

    @Override
    public void connectionClosed(ConnectionClosedEvent event) {
        size.decrementAndGet();
    }

    @Override
    public void connectionCheckOutStarted(ConnectionCheckOutStartedEvent event) {
        if (waiting.getAndIncrement() == 0) {
            waitingSince.set(System.nanoTime());
        }
    }

    @Override
    public void connectionCheckedOut(ConnectionCheckedOutEvent event) {
        checkedOut.incrementAndGet();
        endWait();
        recorder.record(event.getElapsedTime(TimeUnit.NANOSECONDS), "success");
    }

    @Override
    public void connectionCheckOutFailed(ConnectionCheckOutFailedEvent event) {
        endWait();
        boolean timeout = event.getReason() == ConnectionCheckOutFailedEvent.Reason.TIMEOUT;
        if (timeout) {
            checkoutTimeouts.incrementAndGet();
        }
        recorder.record(event.getElapsedTime(TimeUnit.NANOSECONDS), timeout ? "timeout" : "failed");
    }

    @Override
    public void connectionCheckedIn(ConnectionCheckedInEvent event) {
        checkedOut.decrementAndGet();
    }

    private void endWait() {
        if (waiting.decrementAndGet() == 0) {
            waitingSince.set(NOT_WAITING);
            // A checkout that started between the decrement and the reset had set its start time,
            // which the reset erased, so the start is set again (a few microseconds late).
            if (waiting.get() > 0) {
                waitingSince.compareAndSet(NOT_WAITING, System.nanoTime());
            }
        }
    }

    int maxSize() {
        return maxSize;
    }

    /** Returns the open connections, idle and checked out. */
    int size() {
        return size.get();
    }

    int checkedOut() {
        return checkedOut.get();
    }

    /** Returns the checkouts that have started and have neither a connection nor a failure yet. */
    int waiting() {
        return waiting.get();
    }

    /** Returns the checkouts that failed because no connection was free within maxWaitTimeMs. */
    long checkoutTimeouts() {
        return checkoutTimeouts.get();
    }

    /** Returns {@link System#nanoTime()} when the waiting count last rose from zero, or {@link #NOT_WAITING}. */
    long waitingSinceNanos() {
        return waitingSince.get();
    }

    /** Returns how long checkouts have been waiting without a break, in milliseconds; 0 while none waits. */
    long waitingMillis(long nowNanos) {
        long since = waitingSince.get();
        return since == NOT_WAITING || waiting.get() == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nowNanos - since);
    }
}
