package io.pixelcraft.api.document;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A rendered raster and what the renderer had to leave out.
 *
 * @param image  the raster, {@code TYPE_INT_ARGB}
 * @param issues filters that were skipped and images that were missing, in render order
 */
public record RenderResult(BufferedImage image, List<Issue> issues) {

    public RenderResult {
        issues = List.copyOf(issues);
    }

    /**
     * One thing left out of a render.
     *
     * @param nodeId the node concerned
     * @param kind   {@code filter-missing}, {@code filter-failed}, {@code image-missing} or
     *               {@code image-failed}
     * @param detail the filter id or image hash, and the reason
     */
    public record Issue(String nodeId, String kind, String detail) {
    }
}
