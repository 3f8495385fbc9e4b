package io.pixelcraft.plugin.host.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Records each filter and tool call in the timer {@code pixelcraft.plugin.calls} (Prometheus:
 * {@code pixelcraft_plugin_calls_seconds_count}, {@code _sum} and {@code _max}).
 *
 * <p>Tags: {@code plugin} (the bundle symbolic name), {@code type} ({@code filter} or
 * {@code tool}) and {@code outcome}: {@code ok}, {@code failed} (the plugin threw or returned
 * nothing), {@code budget_time}, {@code budget_memory}, {@code budget_output} (the call was
 * stopped by that budget), {@code busy} (no worker was free), {@code cancelled} and
 * {@code out_of_memory} (the JVM ran out of heap during the call). The number of series is at
 * most installed plugin bundles x 2 types x 8 outcomes. Plugin ids come from
 * installed bundles, which only an administrator adds, never from request input. Series of an
 * uninstalled plugin stay until the metrics registry restarts.
 *
 * <p>The timer publishes no histogram buckets, because 7 outcomes per plugin would multiply
 * them. Call latency per plugin is {@code _sum / _count}, and {@code _max} shows stalls.
 */
final class PluginCallMeters {

    static final String NAME = "pixelcraft.plugin.calls";

    static final String TYPE_FILTER = "filter";
    static final String TYPE_TOOL = "tool";

    private PluginCallMeters() {
    }

    /**
     * Records one call.
     *
     * @param plugin the symbolic name of the plugin bundle
     * @param type   {@link #TYPE_FILTER} or {@link #TYPE_TOOL}
     * @param nanos  time from submitting the call to its outcome, including the wait for a worker
     */
    static void record(MeterRegistry registry, String plugin, String type, CallOutcome<?> outcome, long nanos) {
        Timer.builder(NAME)
                .description("Plugin filter and tool calls by plugin and outcome")
                .tag("plugin", plugin)
                .tag("type", type)
                .tag("outcome", outcome(outcome))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Returns the {@code outcome} tag of a call. */
    static String outcome(CallOutcome<?> outcome) {
        if (outcome instanceof CallOutcome.Failed<?> failed) {
            return switch (failed.failure()) {
                case TIME_BUDGET -> "budget_time";
                case ALLOCATION_BUDGET -> "budget_memory";
                case OUTPUT_BUDGET -> "budget_output";
                case PLUGIN_ERROR -> "failed";
                case BUSY -> "busy";
                case CANCELLED -> "cancelled";
                case OUT_OF_MEMORY -> "out_of_memory";
            };
        }
        return "ok";
    }
}
