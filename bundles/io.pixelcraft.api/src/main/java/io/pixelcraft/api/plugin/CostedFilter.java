package io.pixelcraft.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link Filter} that declares how its work grows with its input and parameters. The platform
 * reads {@link #cost()} once, with the id, names and schema, when the filter service arrives.
 * Register the service as {@link Filter}.
 */
@ConsumerType
public interface CostedFilter extends Filter {

    /** Returns the cost estimate of this filter's calls. */
    FilterCost cost();
}
