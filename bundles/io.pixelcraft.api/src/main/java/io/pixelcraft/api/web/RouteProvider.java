package io.pixelcraft.api.web;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard service that contributes REST routes under {@code /api}.
 *
 * <p>The dispatcher reads {@link #routes()} when the service arrives and forgets the routes when
 * it leaves. Two providers that declare the same method and path are a configuration error: the
 * later one is ignored and logged.
 */
@ConsumerType
public interface RouteProvider {

    /** Returns the routes of this provider; called once per registration. */
    List<Route> routes();
}
