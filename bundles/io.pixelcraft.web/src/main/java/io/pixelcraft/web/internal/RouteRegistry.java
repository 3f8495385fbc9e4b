package io.pixelcraft.web.internal;

import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import io.pixelcraft.web.internal.RouteTable.ProviderRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>The registry also remembers the routes of providers that left in the last
 * {@link #DEPARTED_LIMIT_NANOS}, so that the dispatcher can respond with 503 instead of 404 while a
 * provider restarts, for example when DS restarts it because the storage service it needs was
 * updated.
 */
@Component(service = RouteRegistry.class)
public final class RouteRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RouteRegistry.class);

    /** How long the routes of a provider that left are remembered; the dispatcher's window is at most this. */
    static final long DEPARTED_LIMIT_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** The routes of a provider that left, and the {@link System#nanoTime()} at which it left. */
    record Departed(RouteTable routes, String origin, long removedNanos) {
    }

    /** A route of a provider that left, found for a request. */
    record DepartedRoute(Route route, String origin, long removedNanos) {
    }

    /** Providers by service id, so the earlier registration wins a duplicate route. Guarded by {@code this}. */
    private final TreeMap<Long, ProviderRoutes> providers = new TreeMap<>();

    /** Rebuilt under the lock on every change and read without it by request threads. */
    private volatile RouteTable table = RouteTable.EMPTY;

    /** Providers that left, newest first, pruned on every change. Replaced under the lock. */
    private volatile List<Departed> departed = List.of();

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
            remember(removed, System.nanoTime());
        }
        LOG.info("Removed {} routes of {}", removed.routes().size(), removed.origin());
    }

    /** Returns the current snapshot; it never changes, a change replaces it. */
    RouteTable table() {
        return table;
    }

    /**
     * Finds the route for a method and path among providers that left no longer than
     * {@code windowNanos} ago, newest first.
     */
    Optional<DepartedRoute> departed(String method, List<String> path, long windowNanos) {
        long now = System.nanoTime();
        for (Departed entry : departed) {
            if (now - entry.removedNanos() > windowNanos) {
                break;
            }
            if (entry.routes().lookup(method, path) instanceof RouteTable.Found found) {
                return Optional.of(new DepartedRoute(found.route(), entry.origin(), entry.removedNanos()));
            }
        }
        return Optional.empty();
    }

    private void rebuild() {
        table = RouteTable.build(new ArrayList<>(providers.values()));
    }

    /** Adds a provider that left to {@link #departed} and drops entries older than {@link #DEPARTED_LIMIT_NANOS}. */
    private void remember(ProviderRoutes removed, long nowNanos) {
        List<Departed> next = new ArrayList<>();
        next.add(new Departed(RouteTable.build(List.of(removed)), removed.origin(), nowNanos));
        for (Departed entry : departed) {
            if (nowNanos - entry.removedNanos() <= DEPARTED_LIMIT_NANOS) {
                next.add(entry);
            }
        }
        departed = List.copyOf(next);
    }

    private static String describe(ServiceReference<?> reference) {
        Object component = reference.getProperty("component.name");
        String bundle = reference.getBundle() == null ? "unknown bundle" : reference.getBundle().getSymbolicName();
        return bundle + (component == null ? "" : "/" + component)
                + " (service " + reference.getProperty(Constants.SERVICE_ID) + ")";
    }
}
