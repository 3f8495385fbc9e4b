package io.pixelcraft.plugin.host.internal;

import java.util.Objects;

/** The result of one plugin call: a value, or the reason there is none. */
public sealed interface CallOutcome<T> {

    /** Reasons a call produced no value. */
    enum Failure {
        /** The call ran past its deadline. */
        TIME_BUDGET,
        /** The call allocated more array memory than allowed. */
        ALLOCATION_BUDGET,
        /** The output raster was larger than allowed. */
        OUTPUT_BUDGET,
        /** The caller cancelled the call. */
        CANCELLED,
        /** The plugin threw an exception or returned nothing. */
        PLUGIN_ERROR,
        /** Every worker was busy. */
        BUSY,
        /**
         * The JVM ran out of heap during the call. The host's own allocation budget did not stop
         * the call, so the heap was used up by the calls and renders running together.
         */
        OUT_OF_MEMORY;

        /** Returns whether a budget stopped the call. */
        public boolean budgetExceeded() {
            return this == TIME_BUDGET || this == ALLOCATION_BUDGET || this == OUTPUT_BUDGET;
        }

        /**
         * Returns whether the failure counts toward disabling the plugin: exceptions and budget
         * stops, which a healthy plugin does not produce on an input within the cost limits. A
         * busy pool, a cancelled call or a JVM out of memory is not the plugin's fault.
         */
        public boolean countsAgainstPlugin() {
            return budgetExceeded() || this == PLUGIN_ERROR;
        }
    }

    /** A call that returned a value within its budget. */
    record Success<T>(T value, long elapsedMillis) implements CallOutcome<T> {
        public Success {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A call that failed; the message is safe to show to users. */
    record Failed<T>(Failure failure, String message) implements CallOutcome<T> {
    }
}
