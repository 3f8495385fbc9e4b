package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.plugin.Filter;
import io.pixelcraft.api.plugin.FilterContext;
import io.pixelcraft.api.plugin.Parameters;
import io.pixelcraft.api.plugin.Raster;
import io.pixelcraft.plugin.sandbox.BudgetExceededError;
import io.pixelcraft.plugin.sandbox.CallBudget;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs plugin calls on a bounded pool of worker threads, each inside a {@link CallBudget}, and
 * turns whatever happens into a {@link CallOutcome}: the plugin's exceptions and budget errors
 * never reach the caller.
 *
 * <p>The caller waits for the deadline plus a grace period. Sandboxed plugins stop at the
 * deadline through their woven checks. Trusted plugins (without the plugin header, so not woven)
 * are cancelled and interrupted; one that ignores both keeps its worker thread busy, and the
 * caller still gets its timeout.
 */
public final class PluginCallRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCallRunner.class);

    /** Time the caller waits after the deadline for woven checks to stop the plugin. */
    private static final long GRACE_MILLIS = 250;

    /** Limits of one call. */
    public record Limits(Duration timeout, long maxAllocationBytes, long maxOutputPixels) {
    }

    private final ThreadPoolExecutor workers;

    /**
     * @param threads   number of worker threads, which bounds concurrent plugin calls
     * @param queueSize calls that may wait for a worker before new calls fail as busy
     */
    public PluginCallRunner(int threads, int queueSize) {
        AtomicInteger counter = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueSize), task -> {
                    Thread thread = new Thread(task, "pixelcraft-plugin-call-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Applies a filter to an input raster within the limits and checks the output size. */
    public CallOutcome<Raster> applyFilter(Filter filter, String filterId, Raster input, Parameters parameters, Limits limits) {
        CallOutcome<Raster> outcome = call("Filter " + filterId, limits,
                context -> filter.apply(input, parameters, context));
        if (outcome instanceof CallOutcome.Success<Raster> success && success.value().pixelCount() > limits.maxOutputPixels()) {
            Raster output = success.value();
            return new CallOutcome.Failed<>(CallOutcome.Failure.OUTPUT_BUDGET, "Filter " + filterId + " returned "
                    + output.width() + "x" + output.height() + " pixels, above the limit of " + limits.maxOutputPixels());
        }
        return outcome;
    }

    /**
     * Runs one plugin call within the limits.
     *
     * @param subject names the plugin and call in messages, for example {@code Filter example.duotone}
     * @param body    the call; it receives the filter context of the call's budget
     */
    public <T> CallOutcome<T> call(String subject, Limits limits, Function<FilterContext, T> body) {
        AtomicReference<CallBudget> budgetRef = new AtomicReference<>();
        long started = System.nanoTime();
        Future<T> future;
        try {
            future = workers.submit(() -> {
                try (CallBudget budget = CallBudget.open(limits.timeout().toNanos(), TimeUnit.NANOSECONDS,
                        limits.maxAllocationBytes())) {
                    budgetRef.set(budget);
                    try {
                        return body.apply(new BudgetContext(budget));
                    } catch (RuntimeException | Error e) {
                        CallBudget.Limit limit = budget.exhausted();
                        if (limit != null && !(e instanceof BudgetExceededError)) {
                            throw replacedByBudgetError(limit, e);
                        }
                        throw e;
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("{} rejected: all {} plugin workers are busy", subject, workers.getMaximumPoolSize());
            return new CallOutcome.Failed<>(CallOutcome.Failure.BUSY, "All plugin workers are busy; try again shortly");
        }
        try {
            T value = future.get(limits.timeout().toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
            if (value == null) {
                return new CallOutcome.Failed<>(CallOutcome.Failure.PLUGIN_ERROR, subject + " returned null");
            }
            return new CallOutcome.Success<>(value, (System.nanoTime() - started) / 1_000_000);
        } catch (TimeoutException e) {
            CallBudget budget = budgetRef.get();
            if (budget != null) {
                budget.cancel();
            }
            future.cancel(true);
            LOG.warn("{} timed out after {} ms; cancelled and interrupted its worker", subject, limits.timeout().toMillis());
            return timedOut(subject, limits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new CallOutcome.Failed<>(CallOutcome.Failure.CANCELLED, subject + " was interrupted");
        } catch (ExecutionException e) {
            return failure(subject, e.getCause(), limits);
        }
    }

    /**
     * Returns a budget error to throw in place of what the plugin threw after its budget ran out.
     * When the budget error unwinds woven code out of a {@code synchronized} block, the JVM
     * releases the monitor that the skipped handler would have released and throws
     * {@link IllegalMonitorStateException} instead, which would otherwise count as a plugin error.
     */
    private static BudgetExceededError replacedByBudgetError(CallBudget.Limit limit, Throwable thrown) {
        return new BudgetExceededError(limit, "Budget exhausted (" + limit + "), after which the plugin threw " + thrown);
    }

    private static <T> CallOutcome<T> timedOut(String subject, Limits limits) {
        return new CallOutcome.Failed<>(CallOutcome.Failure.TIME_BUDGET, subject + " did not finish within "
                + limits.timeout().toMillis() + " ms");
    }

    private static <T> CallOutcome<T> failure(String subject, Throwable cause, Limits limits) {
        if (cause instanceof BudgetExceededError budgetError) {
            LOG.warn("{} stopped: {}", subject, budgetError.getMessage());
            return switch (budgetError.limit()) {
                case TIME -> timedOut(subject, limits);
                case ALLOCATION -> new CallOutcome.Failed<>(CallOutcome.Failure.ALLOCATION_BUDGET, subject
                        + " allocated more than " + limits.maxAllocationBytes() + " bytes of arrays");
                case CANCELLED -> new CallOutcome.Failed<>(CallOutcome.Failure.CANCELLED, subject + " was cancelled");
            };
        }
        if (cause instanceof CancellationException) {
            return new CallOutcome.Failed<>(CallOutcome.Failure.CANCELLED, subject + " was cancelled");
        }
        if (cause instanceof OutOfMemoryError) {
            LOG.error("{} ran the JVM out of memory", subject, cause);
            return new CallOutcome.Failed<>(CallOutcome.Failure.OUT_OF_MEMORY, subject + " ran the server out of memory");
        }
        LOG.warn("{} failed", subject, cause);
        return new CallOutcome.Failed<>(CallOutcome.Failure.PLUGIN_ERROR, subject + " failed with "
                + cause.getClass().getSimpleName());
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /** The filter context of one call, backed by its budget. */
    private static final class BudgetContext implements FilterContext {

        private final CallBudget budget;

        BudgetContext(CallBudget budget) {
            this.budget = budget;
        }

        @Override
        public void progress(double fraction) {
            // NOTE: progress is accepted but not yet forwarded to the editor.
        }

        @Override
        public boolean cancelled() {
            return budget.exhausted() != null;
        }
    }
}
