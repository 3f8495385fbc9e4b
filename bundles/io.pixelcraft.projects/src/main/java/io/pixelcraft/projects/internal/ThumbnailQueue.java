package io.pixelcraft.projects.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Projects waiting for a thumbnail render, debounced per project. A project is due once it had
 * no edit for the quiet period, or once the maximum delay has passed since the first edit that
 * queued it, whichever comes first. The queue contains at most {@code capacity} projects: a new
 * project then replaces the one that has waited longest.
 *
 * <p>Times are milliseconds on any monotonic clock that the caller passes in, so tests drive the
 * queue without sleeping. Thread-safe: every method locks the queue for a few map operations,
 * which is all the edit path pays.
 */
final class ThumbnailQueue {

    /** A project whose render is due, with the highest revision its edits reported. */
    record Due(String projectId, long revision) {
    }

    private static final class Pending {
        final long firstChange;
        long due;
        long revision;

        Pending(long firstChange, long due, long revision) {
            this.firstChange = firstChange;
            this.due = due;
            this.revision = revision;
        }
    }

    private final long quietMillis;
    private final long maxDelayMillis;
    private final int capacity;
    /** Pending projects in the order of their first edit, so the first entry has waited longest. */
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private long dropped;

    ThumbnailQueue(long quietMillis, long maxDelayMillis, int capacity) {
        if (quietMillis < 0 || maxDelayMillis < 0 || capacity < 1) {
            throw new IllegalArgumentException("Invalid thumbnail queue settings: quiet " + quietMillis + " ms, maximum delay "
                    + maxDelayMillis + " ms, capacity " + capacity + "; use times of at least 0 and a capacity of at least 1");
        }
        this.quietMillis = quietMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.capacity = capacity;
    }

    /**
     * Records an edit of a project at time {@code now}.
     *
     * @return the project dropped to make room, or empty
     */
    synchronized Optional<String> changed(String projectId, long revision, long now) {
        Pending entry = pending.get(projectId);
        if (entry != null) {
            entry.revision = Math.max(entry.revision, revision);
            entry.due = Math.min(now + quietMillis, entry.firstChange + maxDelayMillis);
            return Optional.empty();
        }
        String evicted = null;
        if (pending.size() >= capacity) {
            Iterator<String> oldest = pending.keySet().iterator();
            evicted = oldest.next();
            oldest.remove();
            dropped++;
        }
        pending.put(projectId, new Pending(now, now + Math.min(quietMillis, maxDelayMillis), revision));
        return Optional.ofNullable(evicted);
    }

    /** Removes and returns the due project that has waited longest, or empty when none is due at {@code now}. */
    synchronized Optional<Due> pollDue(long now) {
        for (Iterator<Map.Entry<String, Pending>> entries = pending.entrySet().iterator(); entries.hasNext();) {
            Map.Entry<String, Pending> entry = entries.next();
            if (entry.getValue().due <= now) {
                entries.remove();
                return Optional.of(new Due(entry.getKey(), entry.getValue().revision));
            }
        }
        return Optional.empty();
    }

    /** Returns the earliest due time, or empty when no project waits. */
    synchronized OptionalLong nextDue() {
        return pending.values().stream().mapToLong(entry -> entry.due).min();
    }

    synchronized int size() {
        return pending.size();
    }

    /** Returns the number of projects dropped because the queue was full, since it was made. */
    synchronized long dropped() {
        return dropped;
    }

    /** Removes every pending project and returns how many there were. */
    synchronized int clear() {
        int count = pending.size();
        pending.clear();
        return count;
    }
}
