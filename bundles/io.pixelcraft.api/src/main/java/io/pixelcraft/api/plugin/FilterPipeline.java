package io.pixelcraft.api.plugin;

import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Applies a node's filter list to a source image, non-destructively, for the rendering engine.
 * The platform implements it with a cache keyed by source image hash, filter ids, plugin
 * versions and parameters.
 *
 * <p>A filter that is not installed, is disabled, rejects its parameters, fails or exceeds its
 * budget is skipped: rendering goes on with the image as it was before that step, and the
 * result lists the step with the reason, so the editor can tell the user.
 */
@ProviderType
public interface FilterPipeline {

    /**
     * Renders the source through the filter steps in order.
     *
     * @param sourceHash a content hash of the source image, used as part of the cache key
     * @param source     the source pixels
     * @param steps      the filter list, applied first to last
     */
    Result render(String sourceHash, Raster source, List<FilterStep> steps);

    /**
     * A rendered image and the steps that were left out.
     *
     * @param raster  the output after every step that ran
     * @param skipped the steps that did not run, in list order
     * @param cached  whether the raster came from the cache
     */
    record Result(Raster raster, List<Skipped> skipped, boolean cached) {

        public Result {
            Objects.requireNonNull(raster, "raster");
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * A step that did not run.
     *
     * @param index    position of the step in the filter list
     * @param filterId the step's filter id
     * @param reason   a sentence for the user, for example that the filter is not installed
     */
    record Skipped(int index, String filterId, String reason) {
    }
}
