package io.pixelcraft.web.internal;

import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import io.pixelcraft.web.internal.RouteTable.ProviderRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks {@link RouteProvider} services and keeps the live {@link RouteTable}. A provider's routes
 * are read once when it arrives and dropped when it leaves.
 */
@Component(service = RouteRegistry.class)
public final class RouteRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RouteRegistry.class);

    /** Providers by service id, so the earlier registration wins a duplicate route. Guarded by {@code this}. */
    private final TreeMap<Long, ProviderRoutes> providers = new TreeMap<>();

    /** Rebuilt under the lock on every change and read without it by request threads. */
    private volatile RouteTable table = RouteTable.EMPTY;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(RouteProvider provider, ServiceReference<RouteProvider> reference) {
        addProvider((Long) reference.getProperty(Constants.SERVICE_ID), describe(reference), provider);
    }

    void removeProvider(RouteProvider provider, ServiceReference<RouteProvider> reference) {
        removeProvider((Long) reference.getProperty(Constants.SERVICE_ID));
    }

    /** Adds a provider's routes; a provider whose {@code routes()} throws contributes none. */
    void addProvider(long serviceId, String origin, RouteProvider provider) {
        List<Route> routes;
        try {
            routes = List.copyOf(provider.routes());
        } catch (RuntimeException e) {
            LOG.error("Route provider {} failed to list its routes; none of them are served", origin, e);
            return;
        }
        synchronized (this) {
            providers.put(serviceId, new ProviderRoutes(origin, routes));
            rebuild();
        }
        LOG.info("Added {} routes from {}", routes.size(), origin);
    }

    void removeProvider(long serviceId) {
        ProviderRoutes removed;
        synchronized (this) {
            removed = providers.remove(serviceId);
            if (removed == null) {
                return;
            }
            rebuild();
        }
        LOG.info("Removed {} routes of {}", removed.routes().size(), removed.origin());
    }

    /** Returns the current snapshot; it never changes, a change replaces it. */
    RouteTable table() {
        return table;
    }

    private void rebuild() {
        table = RouteTable.build(new ArrayList<>(providers.values()));
    }

    private static String describe(ServiceReference<?> reference) {
        Object component = reference.getProperty("component.name");
        String bundle = reference.getBundle() == null ? "unknown bundle" : reference.getBundle().getSymbolicName();
        return bundle + (component == null ? "" : "/" + component)
                + " (service " + reference.getProperty(Constants.SERVICE_ID) + ")";
    }
}
