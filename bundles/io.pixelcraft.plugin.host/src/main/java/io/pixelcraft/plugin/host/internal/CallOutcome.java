package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.plugin.Raster;
import java.util.Objects;

/** The result of one plugin call: an output raster, or the reason there is none. */
public sealed interface CallOutcome {

    /** Why a call produced no output. */
    enum Failure {
        /** The call ran past its deadline. */
        TIME_BUDGET,
        /** The call allocated more array memory than allowed. */
        ALLOCATION_BUDGET,
        /** The output raster was larger than allowed. */
        OUTPUT_BUDGET,
        /** The caller cancelled the call. */
        CANCELLED,
        /** The plugin threw an exception or returned no raster. */
        PLUGIN_ERROR,
        /** Every worker was busy. */
        BUSY;

        /** Returns whether the failure counts against the plugin's budget record. */
        public boolean budgetExceeded() {
            return this == TIME_BUDGET || this == ALLOCATION_BUDGET || this == OUTPUT_BUDGET;
        }
    }

    /** A call that returned a raster within its budget. */
    record Success(Raster raster, long elapsedMillis) implements CallOutcome {
        public Success {
            Objects.requireNonNull(raster, "raster");
        }
    }

    /** A call that failed; the message is safe to show to users. */
    record Failed(Failure failure, String message) implements CallOutcome {
    }
}
