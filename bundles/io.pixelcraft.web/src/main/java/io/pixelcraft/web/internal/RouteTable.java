package io.pixelcraft.web.internal;

import io.pixelcraft.api.web.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An immutable snapshot of all live routes, grouped by path template. The registry builds a new
 * table whenever a route provider arrives or leaves.
 */
final class RouteTable {

    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);

    static final RouteTable EMPTY = new RouteTable(List.of(), 0);

    /** One path template with its routes by HTTP method. */
    record PathEntry(PathTemplate template, Map<String, RegisteredRoute> byMethod) {
    }

    /** A route together with the provider that registered it. */
    record RegisteredRoute(Route route, String origin) {
    }

    /** Routes of one provider, in registration order. */
    record ProviderRoutes(String origin, List<Route> routes) {
    }

    /** The outcome of looking up a request's method and path. */
    sealed interface Lookup permits Found, MethodNotAllowed, NotFound {
    }

    record Found(Route route, Map<String, String> pathParams) implements Lookup {
    }

    record MethodNotAllowed(Set<String> allowed) implements Lookup {
    }

    record NotFound() implements Lookup {
    }

    private final List<PathEntry> entries;
    private final int providerCount;

    private RouteTable(List<PathEntry> entries, int providerCount) {
        this.entries = entries;
        this.providerCount = providerCount;
    }

    /**
     * Builds a table from providers in registration order. When two providers declare the same
     * method and path shape, the earlier one keeps the route and the later one is logged and ignored.
     */
    static RouteTable build(List<ProviderRoutes> providers) {
        Map<String, PathTemplate> templates = new LinkedHashMap<>();
        Map<String, Map<String, RegisteredRoute>> routesByShape = new LinkedHashMap<>();
        for (ProviderRoutes provider : providers) {
            for (Route route : provider.routes()) {
                PathTemplate template = new PathTemplate(route.path());
                templates.putIfAbsent(template.shape(), template);
                Map<String, RegisteredRoute> byMethod = routesByShape.computeIfAbsent(template.shape(),
                        shape -> new LinkedHashMap<>());
                RegisteredRoute existing = byMethod.get(route.method());
                if (existing != null) {
                    LOG.error("Route {} {} from {} ignored: {} already registers {} {}", route.method(), route.path(),
                            provider.origin(), existing.origin(), existing.route().method(), existing.route().path());
                    continue;
                }
                byMethod.put(route.method(), new RegisteredRoute(route, provider.origin()));
            }
        }

        List<PathEntry> entries = new ArrayList<>();
        routesByShape.forEach((shape, byMethod) -> entries.add(new PathEntry(templates.get(shape), Map.copyOf(byMethod))));
        entries.sort(Comparator.comparing(PathEntry::template, PathTemplate::bySpecificity));
        return new RouteTable(List.copyOf(entries), providers.size());
    }

    /**
     * Finds the route for a method and decoded path segments. Templates are tried from most to
     * least specific, and the first one with a route for the method wins. When templates match
     * the path but none has the method, the result is 405 with the methods they do have.
     */
    Lookup lookup(String method, List<String> path) {
        Set<String> allowed = new TreeSet<>();
        for (PathEntry entry : entries) {
            Map<String, String> params = entry.template().match(path);
            if (params == null) {
                continue;
            }
            RegisteredRoute registered = entry.byMethod().get(method);
            if (registered == null && method.equals("HEAD")) {
                // HEAD runs the GET route; Jetty drops the body of a HEAD response.
                registered = entry.byMethod().get("GET");
            }
            if (registered != null) {
                return new Found(registered.route(), params);
            }
            allowed.addAll(entry.byMethod().keySet());
        }
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    /** Returns whether this table serves {@code route}, the same instance that a provider returned. */
    boolean contains(Route route) {
        for (PathEntry entry : entries) {
            for (RegisteredRoute registered : entry.byMethod().values()) {
                if (registered.route() == route) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns every live route, ordered by path and method. */
    List<RegisteredRoute> routes() {
        List<RegisteredRoute> all = new ArrayList<>();
        List<PathEntry> byPath = new ArrayList<>(entries);
        byPath.sort(Comparator.comparing(entry -> entry.template().template()));
        for (PathEntry entry : byPath) {
            entry.byMethod().values().stream()
                    .sorted(Comparator.comparing(registered -> registered.route().method()))
                    .forEach(all::add);
        }
        return all;
    }

    int providerCount() {
        return providerCount;
    }
}
