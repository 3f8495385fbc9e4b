package io.pixelcraft.api.document;

/**
 * What to render.
 *
 * @param nodeId the node whose subtree to render alone, cropped to its bounds; {@code null} for
 *               the whole document
 * @param region the area to render in document coordinates, {@code null} for the whole canvas
 *               (or the node's bounds); when both are given the node's subtree is rendered within
 *               the region
 * @param scale  output pixels per document unit, greater than 0 and at most 16
 */
public record RenderRequest(String nodeId, Region region, double scale) {

    /** A rectangle in document coordinates. */
    public record Region(double x, double y, double width, double height) {
    }

    /** Renders the whole canvas at the given scale. */
    public static RenderRequest document(double scale) {
        return new RenderRequest(null, null, scale);
    }

    /** Renders one node's subtree, cropped to its bounds. */
    public static RenderRequest node(String nodeId, double scale) {
        return new RenderRequest(nodeId, null, scale);
    }
}
