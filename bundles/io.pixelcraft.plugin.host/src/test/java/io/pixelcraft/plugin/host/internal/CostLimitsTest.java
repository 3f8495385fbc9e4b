package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.plugin.FilterCost;
import io.pixelcraft.api.plugin.Parameter;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Raster;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CostLimitsTest {

    /** The built-in median's schema and declared cost. */
    private static final ParameterSchema MEDIAN_SCHEMA = ParameterSchema.of(
            new Parameter.Number("radius", "Radius (px)", 0.5, 50, 2.0, false));
    private static final FilterEntry MEDIAN = new FilterEntry("builtin.median", Map.of("en", "Median"), MEDIAN_SCHEMA,
            null, 7, "io.pixelcraft.filters.builtin", "1.0.0", false, FilterCost.scaledBy(8, "radius", 2));
    private static final FilterEntry INVERT = new FilterEntry("builtin.invert", Map.of("en", "Invert"), ParameterSchema.EMPTY,
            null, 7, "io.pixelcraft.filters.builtin", "1.0.0", false, FilterCost.PER_PIXEL);

    private final CostLimits limits = new CostLimits(100_000_000L, 300_000_000L);

    @Test
    void hugeMedianRejectedWithAdvice() {
        Raster input = Raster.filled(8000, 8000, 0xFFFF0000);

        assertThatThrownBy(() -> limits.checkCall(MEDIAN, input, MEDIAN_SCHEMA.resolve(Map.of("radius", 50))))
                .isInstanceOf(CostLimits.CostLimitException.class)
                .hasMessage("Filter builtin.median was not run: on 8000 × 8000 pixels with radius 50 it needs an estimated "
                        + "1,280,000,000,000 cost units, above the limit of 100,000,000 per call. To run it, apply it to a "
                        + "smaller node or scale (at most 12,500,000 pixels with radius 1 or less, or 5,000 pixels at this radius).");
    }

    @Test
    void mediumMedianAdvisesRadius() {
        Raster input = Raster.filled(1000, 1000, 0xFFFF0000);

        assertThatThrownBy(() -> limits.checkCall(MEDIAN, input, MEDIAN_SCHEMA.resolve(Map.of("radius", 10))))
                .hasMessageContaining("To run it, lower radius to at most 3.53, or apply it to a smaller node or scale "
                        + "(at most 125,000 pixels at this radius).");
    }

    @Test
    void defaultMedianOnPhotoFits() {
        Raster input = Raster.filled(1920, 1080, 0xFFFF0000);

        double estimate = limits.checkCall(MEDIAN, input, MEDIAN_SCHEMA.defaults());

        assertThat(estimate).isEqualTo(8 * 4 * 1920 * 1080.0);
    }

    @Test
    void perPixelFilterFitsLargestRender() {
        Raster input = Raster.filled(8000, 8000, 0xFFFF0000);

        double estimate = limits.checkCall(INVERT, input, ParameterSchema.EMPTY.defaults());

        assertThat(estimate).as("64 megapixels, the engine's default render limit").isEqualTo(64_000_000.0);
    }

    @Test
    void renderTotalKeptPerRequest() {
        limits.charge("r1", 250_000_000);

        assertThat(limits.spentBy("r1")).isEqualTo(250_000_000);
        assertThat(limits.spentBy("r2")).isZero();
        assertThat(limits.spentBy(null)).isZero();
        assertThatThrownBy(() -> limits.checkRender(INVERT, limits.spentBy("r1"), 64_000_000))
                .isInstanceOf(CostLimits.CostLimitException.class)
                .hasMessageStartingWith("Filter builtin.invert was not run: the filters of this render already used an "
                        + "estimated 250,000,000 of 300,000,000 cost units and this call needs 64,000,000 more.");
    }

    @Test
    void renderTotalEndsAfterMaxAge() {
        AtomicLong nanos = new AtomicLong();
        CostLimits aging = new CostLimits(100_000_000L, 300_000_000L, nanos::get);
        aging.charge("r1", 250_000_000);

        nanos.addAndGet(CostLimits.TOTAL_MAX_AGE.toNanos() - 1);
        double beforeMaxAge = aging.spentBy("r1");
        nanos.addAndGet(2);
        double afterMaxAge = aging.spentBy("r1");
        aging.charge("r1", 10);

        assertThat(beforeMaxAge).isEqualTo(250_000_000);
        assertThat(afterMaxAge).as("a worker thread that inherited r1 starts a new total").isZero();
        assertThat(aging.spentBy("r1")).isEqualTo(10);
    }

    @Test
    void rejectionReadsWithoutClassName() {
        CostLimits.CostLimitException e = new CostLimits.CostLimitException("Filter x was not run");

        assertThat(e).hasToString("Filter x was not run");
    }
}
