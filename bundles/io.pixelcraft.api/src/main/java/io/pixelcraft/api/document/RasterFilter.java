package io.pixelcraft.api.document;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** One filter as the renderer calls it: pixels in, pixels out. */
@ConsumerType
@FunctionalInterface
public interface RasterFilter {

    /**
     * Filters a rendered node.
     *
     * @param input  the node and its subtree, rendered at {@code scale}, {@code TYPE_INT_ARGB}
     *               with premultiplied alpha off; the filter must not change it
     * @param params the parameters stored in the node's filter entry
     * @param scale  the render scale, for parameters in document units such as a blur radius
     * @return the output, drawn at the input's position; it may have another size
     * @throws Exception for any failure; the renderer skips the filter and reports it
     */
    BufferedImage apply(BufferedImage input, Map<String, Object> params, double scale) throws Exception;
}
