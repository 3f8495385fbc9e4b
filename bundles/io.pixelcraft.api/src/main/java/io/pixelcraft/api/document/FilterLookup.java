package io.pixelcraft.api.document;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** Finds the filters that nodes name; the plugin host implements it. */
@ConsumerType
@FunctionalInterface
public interface FilterLookup {

    /** A lookup without filters: every node filter is skipped and reported. */
    FilterLookup NONE = (id, versionRange) -> Optional.empty();

    /**
     * Returns the filter with this id from a plugin whose version is in the range, or empty when
     * no installed plugin provides it.
     */
    Optional<RasterFilter> find(String filterId, String versionRange);
}
