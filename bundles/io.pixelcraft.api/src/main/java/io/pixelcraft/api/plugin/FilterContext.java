package io.pixelcraft.api.plugin;

import java.util.concurrent.CancellationException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform side of a filter call: progress reporting and cancellation.
 *
 * <p>The platform also stops a plugin whose call runs past its deadline without its
 * cooperation, so checking for cancellation is a courtesy that makes stops cleaner, not the
 * only guard.
 */
@ProviderType
public interface FilterContext {

    /** Reports the fraction of the work done, from 0 to 1; values outside are clamped. */
    void progress(double fraction);

    /** Returns whether the caller no longer needs the result. */
    boolean cancelled();

    /**
     * Throws when the call was cancelled.
     *
     * @throws CancellationException when {@link #cancelled()} is true
     */
    default void checkCancelled() {
        if (cancelled()) {
            throw new CancellationException("Filter call was cancelled");
        }
    }
}
