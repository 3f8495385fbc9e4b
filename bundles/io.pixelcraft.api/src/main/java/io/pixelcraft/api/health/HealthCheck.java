package io.pixelcraft.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One named check, registered as an OSGi service and run by the health endpoint.
 *
 * <p>A check returns quickly (well under a second) and reports failure as a result, not as an
 * exception; an exception is turned into a DOWN result with its message.
 */
@ConsumerType
public interface HealthCheck {

    /** Service property that marks a check as part of readiness as well as liveness. */
    String READINESS = "pixelcraft.health.readiness";

    /** Returns the check's name as it appears in the health answer, for example {@code store}. */
    String name();

    /** Runs the check now. */
    HealthResult check();
}
