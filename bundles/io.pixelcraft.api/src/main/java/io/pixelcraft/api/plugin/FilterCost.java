package io.pixelcraft.api.plugin;

import java.util.Objects;

/**
 * An estimate of the work of one filter call, which the platform checks before the call runs.
 *
 * <p>The estimate is {@code pixels × perPixel × max(1, value)^exponent}, where {@code value} is
 * the call's value of the number parameter {@code parameter}. Without a parameter it is
 * {@code pixels × perPixel}. One cost unit is about the work of one pixel of a simple per-pixel
 * filter such as an inversion or a small Gaussian blur. For example, a median whose kernel covers
 * a disc of radius {@code r} declares {@code FilterCost.scaledBy(8, "radius", 2)}.
 *
 * <p>A call whose estimate is above the platform's per-call limit, or above what is left of the
 * per-render limit, is rejected before it runs, and the rejection does not count against the
 * plugin. A filter without a declared cost has {@link #PER_PIXEL}.
 *
 * @param perPixel  cost units per input pixel, at a parameter value of 1; positive and finite
 * @param parameter id of a number parameter that scales the cost, or null
 * @param exponent  power of the parameter value; 0 when {@code parameter} is null
 */
public record FilterCost(double perPixel, String parameter, double exponent) {

    /** One unit per input pixel: the cost of a filter that declares none. */
    public static final FilterCost PER_PIXEL = new FilterCost(1, null, 0);

    /**
     * @throws IllegalArgumentException when {@code perPixel} is not positive and finite, the
     *         exponent is negative or infinite, or a non-zero exponent has no parameter
     */
    public FilterCost {
        if (!(perPixel > 0) || Double.isInfinite(perPixel)) {
            throw new IllegalArgumentException("Cost per pixel must be positive and finite, got " + perPixel);
        }
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("Cost exponent must be zero or positive and finite, got " + exponent);
        }
        if (parameter == null && exponent != 0) {
            throw new IllegalArgumentException("Cost exponent " + exponent + " is invalid without a parameter id: name the parameter or use exponent 0");
        }
    }

    /** Returns a cost of {@code perPixel} units per input pixel. */
    public static FilterCost perPixel(double perPixel) {
        return new FilterCost(perPixel, null, 0);
    }

    /** Returns a cost of {@code perPixel × max(1, value of parameter)^exponent} units per input pixel. */
    public static FilterCost scaledBy(double perPixel, String parameter, double exponent) {
        return new FilterCost(perPixel, Objects.requireNonNull(parameter, "parameter"), exponent);
    }

    /**
     * Estimates the cost units of one call.
     *
     * @param pixels     the input raster's width times height
     * @param parameters the call's resolved parameters
     * @return the estimate, at most {@link Double#MAX_VALUE}
     * @throws IllegalArgumentException when {@code parameter} is not a number parameter of the call
     */
    public double estimate(long pixels, Parameters parameters) {
        double factor = perPixel;
        if (parameter != null) {
            factor *= Math.pow(Math.max(1, Math.abs(parameters.number(parameter))), exponent);
        }
        return Math.min(Double.MAX_VALUE, pixels * factor);
    }
}
