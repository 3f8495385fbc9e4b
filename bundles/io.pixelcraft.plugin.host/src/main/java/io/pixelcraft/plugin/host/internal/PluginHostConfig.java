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

    @AttributeDefinition(name = "Failures before disabling", description = "Consecutive budget failures after which a plugin is disabled")
    int maxBudgetFailures() default 3;

    @AttributeDefinition(name = "Cache size", description = "Bytes of rendered pixels the filter result cache keeps")
    long cacheBytes() default 256L * 1024 * 1024;
}
