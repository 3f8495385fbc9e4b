package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.plugin.FilterCost;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Checks the estimated cost of a filter call ({@link FilterCost}) against the per-call limit and
 * against what the current request has left of the per-render limit, before the call runs.
 *
 * <p>The per-render total is kept per thread and per request id ({@link Caller#requestId()}),
 * because the renderer calls the filters of one request one by one on the request thread. A
 * thread keeps only its latest request, so nothing needs cleaning up. Calls without a request id
 * share no total: for them each {@code FilterPipeline.render} call is one render.
 *
 * <p>A total also ends {@link #TOTAL_MAX_AGE} after its first call. In Karaf 4.4.10 the filter
 * calls of the background thumbnail worker carried the ids of an earlier request, apparently
 * inherited from the request thread that started the worker. Without the age limit such a thread
 * would add all its renders to one total and soon reject every filter.
 */
final class CostLimits {

    /** Thrown when a call's estimate is above a limit; the message names the filter and what to lower. */
    static final class CostLimitException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        CostLimitException(String message) {
            super(message);
        }

        /** Returns the message alone, because the renderer puts {@code toString()} into its render issue. */
        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** Time after which a request's total starts again at 0; longer than a render within the default limits takes. */
    static final Duration TOTAL_MAX_AGE = Duration.ofMinutes(2);

    /** Cost units that one request has used since {@code startedNanos}. */
    private record RequestSpend(String requestId, long startedNanos, double units) {
    }

    private final long maxPerCall;
    private final long maxPerRender;
    private final ThreadLocal<RequestSpend> spent = new ThreadLocal<>();
    private final LongSupplier nanoClock;

    CostLimits(long maxPerCall, long maxPerRender) {
        this(maxPerCall, maxPerRender, System::nanoTime);
    }

    /** @param nanoClock the time source in nanoseconds, {@code System::nanoTime} outside tests */
    CostLimits(long maxPerCall, long maxPerRender, LongSupplier nanoClock) {
        this.maxPerCall = maxPerCall;
        this.maxPerRender = maxPerRender;
        this.nanoClock = nanoClock;
    }

    long maxPerCall() {
        return maxPerCall;
    }

    long maxPerRender() {
        return maxPerRender;
    }

    /**
     * Returns the estimated cost of a call.
     *
     * @throws CostLimitException when the estimate is above the per-call limit
     */
    double checkCall(FilterEntry entry, Raster input, Parameters parameters) {
        return checkCall(entry, input.width(), input.height(), parameters);
    }

    /**
     * Returns the estimated cost of a call on an input of {@code width × height} pixels.
     *
     * @throws CostLimitException when the estimate is above the per-call limit
     */
    double checkCall(FilterEntry entry, int width, int height, Parameters parameters) {
        FilterCost cost = entry.cost();
        long pixels = (long) width * height;
        double estimate = cost.estimate(pixels, parameters);
        if (estimate <= maxPerCall) {
            return estimate;
        }
        StringBuilder message = new StringBuilder(String.format(Locale.ROOT,
                "Filter %s was not run: on %d × %d pixels", entry.id(), width, height));
        if (cost.parameter() != null) {
            message.append(String.format(Locale.ROOT, " with %s %s", cost.parameter(), display(parameters.number(cost.parameter()))));
        }
        message.append(String.format(Locale.ROOT, " it needs an estimated %s cost units, above the limit of %s per call. ",
                units(estimate), units(maxPerCall)));
        message.append(advice(cost, pixels, parameters));
        throw new CostLimitException(message.toString());
    }

    /**
     * Returns the units that the current request ({@code requestId}) has used, or 0 for a new
     * request or a null id.
     */
    double spentBy(String requestId) {
        RequestSpend current = current(requestId);
        return current == null ? 0 : current.units();
    }

    /** Adds a call that ran to the current request's total. Does nothing for a null id. */
    void charge(String requestId, double units) {
        if (requestId == null) {
            return;
        }
        RequestSpend current = current(requestId);
        if (current == null) {
            spent.set(new RequestSpend(requestId, nanoClock.getAsLong(), units));
        } else {
            spent.set(new RequestSpend(requestId, current.startedNanos(), current.units() + units));
        }
    }

    /** Returns this thread's total for the request, or null when it has none or it is older than {@link #TOTAL_MAX_AGE}. */
    private RequestSpend current(String requestId) {
        RequestSpend current = spent.get();
        if (requestId == null || current == null || !current.requestId().equals(requestId)) {
            return null;
        }
        return nanoClock.getAsLong() - current.startedNanos() > TOTAL_MAX_AGE.toNanos() ? null : current;
    }

    /**
     * Checks that a call fits in what the render has left.
     *
     * @param spentBefore units that earlier calls of the same render used
     * @throws CostLimitException when {@code spentBefore + estimate} is above the per-render limit
     */
    void checkRender(FilterEntry entry, double spentBefore, double estimate) {
        if (spentBefore + estimate <= maxPerRender) {
            return;
        }
        throw new CostLimitException(String.format(Locale.ROOT, "Filter %s was not run: the filters of this render "
                + "already used an estimated %s of %s cost units and this call needs %s more. Remove filters, lower "
                + "their parameters or apply them to smaller nodes", entry.id(), units(spentBefore), units(maxPerRender),
                units(estimate)));
    }

    /** Returns a sentence that names the largest parameter value or input size that fits the per-call limit. */
    private String advice(FilterCost cost, long pixels, Parameters parameters) {
        double scale = cost.parameter() == null ? 1
                : Math.pow(Math.max(1, Math.abs(parameters.number(cost.parameter()))), cost.exponent());
        long maxPixels = (long) (maxPerCall / (cost.perPixel() * scale));
        String smaller = "apply it to a smaller node or scale (at most " + units(maxPixels) + " pixels";
        if (cost.parameter() == null || cost.exponent() == 0) {
            return "To run it, " + smaller + ").";
        }
        double maxValue = Math.pow(maxPerCall / (pixels * cost.perPixel()), 1 / cost.exponent());
        if (maxValue < 1) {
            long pixelsAtOne = (long) (maxPerCall / cost.perPixel());
            return "To run it, apply it to a smaller node or scale (at most " + units(pixelsAtOne) + " pixels with "
                    + cost.parameter() + " 1 or less, or " + units(maxPixels) + " pixels at this " + cost.parameter() + ").";
        }
        return "To run it, lower " + cost.parameter() + " to at most " + format(maxValue) + ", or " + smaller
                + " at this " + cost.parameter() + ").";
    }

    private static String units(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String display(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /** Formats a parameter value with up to two decimals, rounded down so that the advice fits the limit. */
    private static String format(double value) {
        double floored = Math.floor(value * 100) / 100;
        return floored == Math.rint(floored) ? Long.toString((long) floored) : Double.toString(floored);
    }
}
