package io.pixelcraft.example.pixelate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.plugin.testkit.PluginTester;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PixelateFilterTest {

    private final PluginTester tester = PluginTester.forPlugin(PixelateFilter.class);

    @Test
    void pluginPassesSandbox() {
        tester.assertSandboxed();
    }

    @Test
    void blockTakesAverage() {
        Raster input = Raster.of(2, 2, new int[] {0xFF000000, 0xFF0000FF, 0xFF0000FF, 0xFF000000});

        Raster output = tester.runFilter(PixelateFilter.class, input, Map.of("size", 2));

        assertThat(output.pixels()).containsOnly(0xFF000080);
    }

    @Test
    void partialEdgeBlocksCovered() {
        Raster input = PluginTester.gradient(10, 7);

        Raster output = tester.runFilter(PixelateFilter.class, input, Map.of("size", 4, "sample", "centre"));

        assertThat(output.argb(9, 6)).isEqualTo(output.argb(8, 4));
        assertThat(output.argb(0, 0)).isEqualTo(input.argb(2, 2));
    }

    @Test
    void fractionalSizeRejected() {
        assertThatThrownBy(() -> tester.runFilter(PixelateFilter.class, PluginTester.gradient(4, 4), Map.of("size", 2.5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number");
    }

    @Test
    void largeImageFitsBudget() {
        Raster output = tester.timeoutMillis(5_000)
                .runFilter(PixelateFilter.class, PluginTester.gradient(2000, 1500), Map.of("size", 16));

        assertThat(output.pixelCount()).isEqualTo(3_000_000);
    }
}
