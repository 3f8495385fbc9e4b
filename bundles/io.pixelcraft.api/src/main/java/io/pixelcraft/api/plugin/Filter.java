package io.pixelcraft.api.plugin;

import java.util.Locale;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An image filter, registered by a plugin as an OSGi service.
 *
 * <p>{@link #apply} is a pure function of its input raster and parameters: the platform caches
 * results by source image, filter id, plugin version and parameters, so a filter whose output
 * depends on anything else shows stale images. It runs within the call's budget of time, output
 * size and allocation; any exception it throws becomes an error result for that call only.
 */
@ConsumerType
public interface Filter {

    /**
     * Returns the id that documents store in a node's filter list, for example
     * {@code example.duotone}. It stays the same across versions of the plugin.
     */
    String id();

    /** Returns the name shown in the editor, in the given locale when the filter has it. */
    String name(Locale locale);

    /** Returns the parameters the filter accepts. */
    ParameterSchema schema();

    /**
     * Computes the filtered image.
     *
     * @param input      the source image
     * @param parameters validated values for every parameter in {@link #schema()}
     * @param context    progress reporting and cancellation for this call
     * @return the output raster; it may have another size than the input
     */
    Raster apply(Raster input, Parameters parameters, FilterContext context);
}
