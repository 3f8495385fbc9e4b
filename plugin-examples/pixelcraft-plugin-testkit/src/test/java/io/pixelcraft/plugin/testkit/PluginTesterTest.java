package io.pixelcraft.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.plugin.host.internal.sandbox.Violation;
import io.pixelcraft.plugin.sandbox.BudgetExceededError;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginTesterTest {

    /** A filter that never returns; the test kit must stop it at the deadline. */
    public static final class Spinner implements Filter {
        @Override
        public String id() {
            return "test.spinner";
        }

        @Override
        public String name(Locale locale) {
            return "Spinner";
        }

        @Override
        public ParameterSchema schema() {
            return ParameterSchema.EMPTY;
        }

        @Override
        public Raster apply(Raster input, Parameters parameters, FilterContext context) {
            long turns = 0;
            while (turns >= 0) {
                turns = (turns + 1) % 1000;
            }
            return input;
        }
    }

    /** A filter that reads a system property, which the sandbox rejects. */
    public static final class PropertyReader implements Filter {
        @Override
        public String id() {
            return "test.property-reader";
        }

        @Override
        public String name(Locale locale) {
            return System.getProperty("user.name");
        }

        @Override
        public ParameterSchema schema() {
            return ParameterSchema.EMPTY;
        }

        @Override
        public Raster apply(Raster input, Parameters parameters, FilterContext context) {
            return input;
        }
    }

    private final PluginTester tester = PluginTester.forPlugin(PluginTesterTest.class);

    @Test
    void endlessFilterStoppedAtDeadline() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> tester.timeoutMillis(200).runFilter(Spinner.class, PluginTester.gradient(2, 2), Map.of()))
                .isInstanceOf(BudgetExceededError.class);

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void forbiddenCallReported() {
        assertThat(tester.sandboxViolations())
                .extracting(Violation::member)
                .contains("java.lang.System.getProperty(java.lang.String)");
        assertThatThrownBy(tester::assertSandboxed)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PropertyReader");
    }

    @Test
    void gradientCoversCorners() {
        Raster raster = PluginTester.gradient(3, 3);

        assertThat(raster.argb(0, 0)).isEqualTo(0xFF000080);
        assertThat(raster.argb(2, 2)).isEqualTo(0xFFFFFF80);
    }
}
