package io.pixelcraft.plugin.host.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The recent failures of one plugin that count toward disabling it, with the caller of each.
 *
 * <p>The plugin is to be disabled when the window contains at least {@code maxFailures} failures
 * and they come from at least {@code minCallers} distinct callers ({@link Caller#key()}). One
 * caller alone therefore never trips the rule when {@code minCallers} is 2 or more, however many
 * of its calls fail. Thread-safe.
 */
final class FailureWindow {

    /** Maximum failures kept, so a flood of failures within the window cannot grow the queue without bound. */
    static final int MAX_KEPT = 1_000;

    /** One counted failure. */
    record Failure(Instant at, Caller caller, String message) {
    }

    private final Deque<Failure> failures = new ArrayDeque<>();

    /**
     * Adds a failure, drops those older than the window, and returns whether the rule now
     * requires disabling the plugin.
     */
    synchronized boolean add(Failure failure, Duration window, int maxFailures, int minCallers) {
        failures.addLast(failure);
        Instant oldest = failure.at().minus(window);
        while (!failures.isEmpty() && failures.peekFirst().at().isBefore(oldest)) {
            failures.removeFirst();
        }
        while (failures.size() > MAX_KEPT) {
            failures.removeFirst();
        }
        return failures.size() >= maxFailures && callerKeys().size() >= minCallers;
    }

    /** Returns the number of failures in the window as of the last {@link #add}. */
    synchronized int size() {
        return failures.size();
    }

    /** Returns the distinct caller keys in the window. */
    synchronized Set<String> callerKeys() {
        Set<String> keys = new HashSet<>();
        for (Failure failure : failures) {
            keys.add(failure.caller().key());
        }
        return keys;
    }

    synchronized void clear() {
        failures.clear();
    }
}
