package io.pixelcraft.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of the document engine, PID {@code io.pixelcraft.engine}. */
@ObjectClassDefinition(name = "PixelCraft document engine", description = "Limits that every document enforces")
public @interface EngineConfig {

    @AttributeDefinition(description = "Maximum live nodes per document, the root included")
    int maxNodes() default 100_000;

    @AttributeDefinition(description = "Maximum tree depth (the root is at depth 0), at most 1000")
    int maxDepth() default 64;

    @AttributeDefinition(description = "Maximum characters of a text node's text or a path's data")
    int maxTextLength() default 100_000;

    @AttributeDefinition(description = "Maximum ops per batch")
    int maxOpsPerBatch() default 10_000;

    @AttributeDefinition(description = "Op ids each document remembers for idempotent replays")
    int recentOpIds() default 100_000;

    @AttributeDefinition(description = "Maximum pixels (width times height) of one rendered raster")
    long maxRenderPixels() default 64_000_000L;

    @AttributeDefinition(description = "Percentage of the maximum heap that renders in progress may use together, "
            + "by their estimated memory; a render that does not fit waits, then fails with 503 (1 to 90)")
    int renderMemoryPercent() default Engine.DEFAULT_RENDER_MEMORY_PERCENT;

    @AttributeDefinition(description = "Milliseconds a render waits for render memory before it is rejected")
    long renderWaitMillis() default Engine.DEFAULT_RENDER_WAIT_MILLIS;
}
