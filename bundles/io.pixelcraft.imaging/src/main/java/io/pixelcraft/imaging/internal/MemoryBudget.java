package io.pixelcraft.imaging.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the heap that concurrent decodes may use, so several large uploads at once queue instead
 * of running the JVM out of memory. Permits are counted in KiB.
 */
final class MemoryBudget {

    private final Semaphore permits;
    private final int totalKib;

    MemoryBudget(long totalBytes) {
        this.totalKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, totalBytes / 1024));
        this.permits = new Semaphore(totalKib, true);
    }

    /** A reservation that gives its memory back when closed. */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Reserves memory, waiting up to {@code waitMillis}.
     *
     * @throws ImageRejectedException 413 when the request exceeds the whole budget
     * @throws BusyException when the budget stays exhausted for the whole wait
     */
    Reservation reserve(long bytes, long waitMillis) throws ImageRejectedException, BusyException {
        int kib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + 1023) / 1024));
        if (kib > totalKib) {
            throw ImageRejectedException.tooLarge("Decoding this image needs about " + bytes / (1024 * 1024)
                    + " MiB, more than the server's decode budget of " + totalKib / 1024 + " MiB");
        }
        try {
            if (!permits.tryAcquire(kib, waitMillis, TimeUnit.MILLISECONDS)) {
                throw new BusyException("The server is decoding other large images; retry in a few seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException("Interrupted while waiting for decode memory");
        }
        return () -> permits.release(kib);
    }

    /** Returns the budget in bytes. */
    long totalBytes() {
        return totalKib * 1024L;
    }

    /** Thrown when the server is too busy to decode now. The upload route returns 503. */
    static final class BusyException extends Exception {
        private static final long serialVersionUID = 1L;

        BusyException(String message) {
            super(message);
        }
    }
}
