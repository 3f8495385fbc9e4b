package io.pixelcraft.imaging.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Limits how many decodes run at once. Decoding is CPU-bound, so more decodes than cores only
 * make each one slower: six parallel uploads of valid 10000 x 10000 PNGs all ran past the 20 s
 * time limit, while one alone finished within it.
 */
final class DecodeSlots {

    private final Semaphore permits;
    private final int count;
    private final long waitMillis;

    /**
     * @param count      decodes allowed at once; 0 or less means one per available processor
     * @param waitMillis time a decode waits for a free slot before it is deferred
     */
    DecodeSlots(int count, long waitMillis) {
        this.count = count > 0 ? count : Runtime.getRuntime().availableProcessors();
        this.waitMillis = Math.max(0, waitMillis);
        this.permits = new Semaphore(this.count, true);
    }

    /** A taken slot that is given back when closed. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes a slot, waiting up to the configured time.
     *
     * @throws MemoryBudget.BusyException when every slot stays taken for the whole wait
     */
    Slot acquire() throws MemoryBudget.BusyException {
        try {
            if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new MemoryBudget.BusyException("The server is decoding " + count
                        + " other images, its limit; retry in a few seconds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemoryBudget.BusyException("Interrupted while waiting for a decode slot");
        }
        return permits::release;
    }

    /** Returns the number of decodes allowed at once. */
    int count() {
        return count;
    }
}
