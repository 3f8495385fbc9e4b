package io.pixelcraft.plugin.host.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluginCallRunnerTest {

    private static final Raster INPUT = Raster.filled(4, 4, 0xFF112233);
    private static final PluginCallRunner.Limits LIMITS = new PluginCallRunner.Limits(Duration.ofMillis(300), 1 << 20, 100);

    private final PluginCallRunner runner = new PluginCallRunner(2, 4);

    @AfterEach
    void close() {
        runner.close();
    }

    static Filter filter(BiFunction<Raster, FilterContext, Raster> body) {
        return new Filter() {
            @Override
            public String id() {
                return "test.filter";
            }

            @Override
            public String name(Locale locale) {
                return "Test";
            }

            @Override
            public ParameterSchema schema() {
                return ParameterSchema.EMPTY;
            }

            @Override
            public Raster apply(Raster input, Parameters parameters, FilterContext context) {
                return body.apply(input, context);
            }
        };
    }

    private CallOutcome<Raster> run(BiFunction<Raster, FilterContext, Raster> body) {
        return runner.applyFilter(filter(body), "test.filter", INPUT, ParameterSchema.EMPTY.defaults(), LIMITS);
    }

    @Test
    void successReturnsRaster() {
        CallOutcome<Raster> outcome = run((input, context) -> input);

        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Success.class,
                success -> assertThat(success.value()).isEqualTo(INPUT));
    }

    @Test
    void pluginExceptionBecomesError() {
        CallOutcome<Raster> outcome = run((input, context) -> {
            throw new IllegalStateException("boom");
        });

        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(CallOutcome.Failure.PLUGIN_ERROR);
            assertThat(failed.message()).contains("IllegalStateException");
        });
    }

    @Test
    void nullOutputBecomesError() {
        CallOutcome<Raster> outcome = run((input, context) -> null);

        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Failed.class,
                failed -> assertThat(failed.failure()).isEqualTo(CallOutcome.Failure.PLUGIN_ERROR));
    }

    @Test
    void oversizedOutputRejected() {
        CallOutcome<Raster> outcome = run((input, context) -> Raster.filled(11, 10, 0));

        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Failed.class,
                failed -> assertThat(failed.failure()).isEqualTo(CallOutcome.Failure.OUTPUT_BUDGET));
    }

    @Test
    void unwovenSleeperTimesOutAndIsInterrupted() {
        long started = System.nanoTime();

        CallOutcome<Raster> outcome = run((input, context) -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return input;
        });

        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Failed.class,
                failed -> assertThat(failed.failure()).isEqualTo(CallOutcome.Failure.TIME_BUDGET));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void cooperativeFilterSeesCancellation() {
        CallOutcome<Raster> outcome = run((input, context) -> {
            while (!context.cancelled()) {
                Thread.onSpinWait();
            }
            context.checkCancelled();
            return input;
        });

        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Failed.class,
                failed -> assertThat(failed.failure()).isIn(CallOutcome.Failure.TIME_BUDGET, CallOutcome.Failure.CANCELLED));
    }
}
