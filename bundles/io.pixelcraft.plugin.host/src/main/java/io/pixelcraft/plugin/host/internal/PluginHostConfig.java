package io.pixelcraft.plugin.host.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Budgets and cache size of plugin calls, PID {@code io.pixelcraft.plugin.host}. */
@ObjectClassDefinition(name = "PixelCraft plugin host", description = "Budgets of plugin calls and the filter result cache")
public @interface PluginHostConfig {

    @AttributeDefinition(name = "Call timeout", description = "Wall time of one filter call, in milliseconds")
    long callTimeoutMillis() default 10_000;

    @AttributeDefinition(name = "Metadata timeout", description = "Wall time of reading a plugin's id, names and schema, in milliseconds")
    long metadataTimeoutMillis() default 5_000;

    @AttributeDefinition(name = "Allocation budget", description = "Bytes of arrays one call of sandboxed code may allocate")
    long maxAllocationBytes() default 512L * 1024 * 1024;

    @AttributeDefinition(name = "Output budget", description = "Largest output raster of one filter call, in pixels")
    long maxOutputPixels() default 64L * 1024 * 1024;

    @AttributeDefinition(name = "Worker threads", description = "Plugin calls that run at the same time")
    int workerThreads() default 2;

    @AttributeDefinition(name = "Queue size", description = "Plugin calls that may wait for a worker before new calls fail as busy")
    int queueSize() default 64;

    @AttributeDefinition(name = "Failures before disabling", description = "Failures within the failure window after "
            + "which a plugin is disabled, if they come from enough distinct callers. Exceptions and budget stops count, "
            + "but calls rejected by a cost limit do not")
    int maxBudgetFailures() default 3;

    @AttributeDefinition(name = "Distinct callers before disabling", description = "Distinct users (or projects, or the "
            + "platform for calls without a request) whose failures the window must contain before the plugin is "
            + "disabled. With 2 or more, one user alone cannot disable a plugin for everyone")
    int distinctCallersBeforeDisable() default 2;

    @AttributeDefinition(name = "Failure window", description = "Time in minutes during which failures count toward "
            + "disabling a plugin")
    long failureWindowMinutes() default 10;

    // The cost defaults are estimates from ImageJ 1.54p on a 2-core machine at a load average of 6
    // to 12. There a Gaussian blur took about 130 ns per pixel (1 cost unit) and a median of radius
    // 2 about 2.6 microseconds per pixel, so 100 million units take about 10 s, the default call
    // timeout. On faster machines, raise both limits together with the call timeout.
    @AttributeDefinition(name = "Cost limit per call", description = "Estimated cost units (see FilterCost; one unit is "
            + "about one pixel of a simple per-pixel filter) above which a filter call is rejected before it runs")
    long maxCostPerCall() default 100_000_000L;

    @AttributeDefinition(name = "Cost limit per render", description = "Estimated cost units that the filter calls of "
            + "one request may use together; later calls of that request are rejected before they run")
    long maxCostPerRender() default 300_000_000L;

    @AttributeDefinition(name = "Cache size", description = "Bytes of rendered pixels the filter result cache keeps")
    long cacheBytes() default 256L * 1024 * 1024;
}
