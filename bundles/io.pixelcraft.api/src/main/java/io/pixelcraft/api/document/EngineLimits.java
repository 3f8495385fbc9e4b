package io.pixelcraft.api.document;

/**
 * Limits that every document of an engine enforces. The engine bundle reads them from its
 * configuration; {@link #DEFAULTS} lists the defaults.
 *
 * @param maxNodes        live nodes per document, the root included
 * @param maxDepth        tree depth; the root is at depth 0, its children at 1
 * @param maxTextLength   characters of a {@code text} or path {@code d} value
 * @param maxOpsPerBatch  ops per batch
 * @param recentOpIds     op ids each document remembers for idempotent replays; an op replayed
 *                        after this many newer op ids is applied again
 * @param maxRenderPixels pixels of one rendered raster (width times height)
 */
public record EngineLimits(int maxNodes, int maxDepth, int maxTextLength, int maxOpsPerBatch,
        int recentOpIds, long maxRenderPixels) {

    /** 100,000 nodes, depth 64, 100,000 characters, 10,000 ops, 100,000 op ids, 64 megapixels. */
    public static final EngineLimits DEFAULTS = new EngineLimits(100_000, 64, 100_000, 10_000, 100_000, 64_000_000L);

    /** @throws IllegalArgumentException naming the limit when one is not positive, or maxDepth is above 1,000 */
    public EngineLimits {
        check("maxNodes", maxNodes);
        check("maxDepth", maxDepth);
        check("maxTextLength", maxTextLength);
        check("maxOpsPerBatch", maxOpsPerBatch);
        check("recentOpIds", recentOpIds);
        check("maxRenderPixels", maxRenderPixels);
        if (maxDepth > 1000) {
            // Rendering walks the tree recursively, so the depth bounds the stack it needs.
            throw new IllegalArgumentException("maxDepth is " + maxDepth + ": use at most 1000");
        }
    }

    private static void check(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " is " + value + ": use a positive number");
        }
    }
}
