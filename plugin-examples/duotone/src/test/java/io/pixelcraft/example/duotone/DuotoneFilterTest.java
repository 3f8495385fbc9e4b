package io.pixelcraft.example.duotone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.plugin.testkit.PluginTester;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuotoneFilterTest {

    private final PluginTester tester = PluginTester.forPlugin(DuotoneFilter.class);

    @Test
    void pluginPassesSandbox() {
        tester.assertSandboxed();
    }

    @Test
    void blackAndWhiteMapToInks() {
        Raster input = Raster.of(2, 1, new int[] {0xFF000000, 0x80FFFFFF});

        Raster output = tester.runFilter(DuotoneFilter.class, input, Map.of("dark", "#102030", "light", "#F0E0D0"));

        assertThat(output.argb(0, 0)).isEqualTo(0xFF102030);
        assertThat(output.argb(1, 0)).isEqualTo(0x80F0E0D0);
    }

    @Test
    void gradientStaysBetweenInks() {
        Raster output = tester.runFilter(DuotoneFilter.class, PluginTester.gradient(32, 32), Map.of());

        for (int pixel : output.pixels()) {
            assertThat((pixel >> 16) & 0xFF).isBetween(0x1B, 0xFF);
        }
    }

    @Test
    void invalidColourRejected() {
        assertThatThrownBy(() -> tester.runFilter(DuotoneFilter.class, PluginTester.gradient(2, 2), Map.of("dark", "red")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'dark'");
    }
}
