package io.pixelcraft.plugin.host.internal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.ParameterSchema;
import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.plugin.host.internal.CallOutcome;
import io.pixelcraft.plugin.host.internal.PluginCallRunner;
import io.pixelcraft.plugin.sandbox.BudgetExceededError;
import io.pixelcraft.plugin.sandbox.CallBudget;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BudgetWeaverTest {

    private static final FilterContext CONTEXT = new FilterContext() {
        @Override
        public void progress(double fraction) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    private static final Raster INPUT = Raster.of(2, 1, new int[] {0xFF000000, 0xFFFFFFFF});

    private static Raster run(String plugin, long timeoutMillis, long maxAllocationBytes) {
        Filter filter = HostilePlugins.wovenFilter(plugin);
        try (CallBudget budget = CallBudget.open(timeoutMillis, TimeUnit.MILLISECONDS, maxAllocationBytes)) {
            return filter.apply(INPUT, ParameterSchema.EMPTY.defaults(), CONTEXT);
        }
    }

    @Test
    @Timeout(10)
    void endlessLoopStoppedDespiteCatchThrowable() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> run("LoopsForever", 200, Long.MAX_VALUE))
                .isInstanceOfSatisfying(BudgetExceededError.class,
                        error -> assertThat(error.limit()).isEqualTo(CallBudget.Limit.TIME));

        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
    }

    @Test
    @Timeout(10)
    void exponentialRecursionStopped() {
        assertThatThrownBy(() -> run("RecursesForever", 200, Long.MAX_VALUE))
                .isInstanceOf(BudgetExceededError.class);
    }

    @Test
    @Timeout(10)
    void unboundedAllocationStopped() {
        assertThatThrownBy(() -> run("AllocatesWithoutBound", 10_000, 64L * 1024 * 1024))
                .isInstanceOfSatisfying(BudgetExceededError.class,
                        error -> assertThat(error.limit()).isEqualTo(CallBudget.Limit.ALLOCATION));
    }

    @Test
    void multiDimensionalAllocationCharged() {
        assertThatThrownBy(() -> run("AllocatesGrid", 10_000, 64L * 1024 * 1024))
                .isInstanceOfSatisfying(BudgetExceededError.class,
                        error -> assertThat(error.limit()).isEqualTo(CallBudget.Limit.ALLOCATION));
    }

    @Test
    void multiDimensionalAllocationWithinBudgetWorks() {
        Raster output = run("AllocatesGrid", 10_000, 512L * 1024 * 1024);

        assertThat(output.argb(0, 0)).isEqualTo(8192);
    }

    @Test
    void wellBehavedPluginRunsUnchanged() {
        Raster output = run("WellBehaved", 1_000, 1024 * 1024);

        assertThat(output.argb(0, 0)).isZero();
        assertThat(output.argb(1, 0)).isEqualTo(0xFF000000);
    }

    /**
     * javac guards a synchronized block with a catch-all handler whose range covers its own
     * entry, so the check woven there must not be inside that range. The call runs on a thread of
     * its own because, without that, it never returns. Leaving the block without its handler
     * makes the JVM throw IllegalMonitorStateException in place of the budget error.
     */
    @Test
    void synchronizedLoopStopped() throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                run("LoopsInSynchronized", 200, Long.MAX_VALUE);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        caller.setDaemon(true);

        caller.start();
        caller.join(5_000);

        assertThat(caller.isAlive()).as("call still running 5 s after its 200 ms deadline").isFalse();
        assertThat(thrown.get()).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    void synchronizedLoopReportedAsTimeBudget() {
        try (PluginCallRunner runner = new PluginCallRunner(1, 1)) {
            CallOutcome<Raster> outcome = runner.applyFilter(HostilePlugins.wovenFilter("LoopsInSynchronized"), "hostile.loops-in-synchronized",
                    INPUT, ParameterSchema.EMPTY.defaults(), new PluginCallRunner.Limits(Duration.ofMillis(200), Long.MAX_VALUE, 100));

            assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Failed.class,
                    failed -> assertThat(failed.failure()).isEqualTo(CallOutcome.Failure.TIME_BUDGET));
        }
    }

    @Test
    void catchFinallyAndResourcesRunUnchanged() {
        Raster output = run("TriesAndFinishes", 1_000, 1024 * 1024);

        assertThat(output.argb(0, 0)).isEqualTo(1);
        assertThat(output.argb(1, 0)).isEqualTo(0xFF000000);
    }

    @Test
    void wovenCodeWithoutBudgetIsUnlimited() {
        Filter filter = HostilePlugins.wovenFilter("WellBehaved");

        Raster output = filter.apply(INPUT, ParameterSchema.EMPTY.defaults(), CONTEXT);

        assertThat(output.argb(1, 0)).isEqualTo(0xFF000000);
    }

    @Test
    void budgetStaysExhaustedUntilClosed() {
        CallBudget budget = CallBudget.open(10_000, TimeUnit.MILLISECONDS, Long.MAX_VALUE);
        try {
            budget.cancel();

            assertThatThrownBy(io.pixelcraft.plugin.sandbox.Checkpoint::check).isInstanceOf(BudgetExceededError.class);
            assertThatThrownBy(io.pixelcraft.plugin.sandbox.Checkpoint::check).isInstanceOf(BudgetExceededError.class);
        } finally {
            budget.close();
        }
        io.pixelcraft.plugin.sandbox.Checkpoint.check();
    }
}
