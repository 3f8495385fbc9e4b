package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.plugin.FilterCost;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.util.Locale;

/**
 * Checks the estimated cost of a filter call ({@link FilterCost}) against the per-call limit and
 * against what the current request has left of the per-render limit, before the call runs.
 *
 * <p>The per-render total is kept per thread and per request id ({@link Caller#requestId()}),
 * because the renderer calls the filters of one request one by one on the request thread. A
 * thread keeps only its latest request, so nothing needs cleaning up. Calls without a request id
 * share no total: for them each {@code FilterPipeline.render} call is one render.
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

    /** Cost units that one request has used so far. */
    private record RequestSpend(String requestId, double units) {
    }

    private final long maxPerCall;
    private final long maxPerRender;
    private final ThreadLocal<RequestSpend> spent = new ThreadLocal<>();

    CostLimits(long maxPerCall, long maxPerRender) {
        this.maxPerCall = maxPerCall;
        this.maxPerRender = maxPerRender;
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
        RequestSpend current = spent.get();
        return requestId != null && current != null && current.requestId().equals(requestId) ? current.units() : 0;
    }

    /** Adds a call that ran to the current request's total. Does nothing for a null id. */
    void charge(String requestId, double units) {
        if (requestId != null) {
            spent.set(new RequestSpend(requestId, spentBy(requestId) + units));
        }
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
