package io.pixelcraft.web.internal;

import java.util.concurrent.TimeUnit;

/**
 * Counts requests in progress and, once closed, admits no new ones, so that a stopping bundle can
 * wait for the running requests to finish.
 */
final class InFlightRequests {

    private int active;
    private boolean closed;

    /** Registers a new request; returns {@code false} once {@link #close()} was called. */
    synchronized boolean enter() {
        if (closed) {
            return false;
        }
        active++;
        return true;
    }

    /** Ends a request admitted by {@link #enter()}. */
    synchronized void exit() {
        active--;
        if (active == 0) {
            notifyAll();
        }
    }

    synchronized void close() {
        closed = true;
    }

    synchronized boolean closed() {
        return closed;
    }

    synchronized int active() {
        return active;
    }

    /**
     * Waits until no request is in progress or the timeout passes.
     *
     * @return the number of requests still running, 0 when all finished
     */
    synchronized int awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (active > 0) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return active;
    }
}
