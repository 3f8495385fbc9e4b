package io.pixelcraft.web.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import io.pixelcraft.web.internal.RouteTable.RegisteredRoute;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Serves {@code GET /api/openapi.json}, generated from the live route table on each change. */
@Component(service = RouteProvider.class, configurationPid = OpenApiEndpoint.PID)
@Designate(ocd = OpenApiEndpoint.Config.class)
public final class OpenApiEndpoint implements RouteProvider {

    static final String PID = "io.pixelcraft.web.openapi";

    @ObjectClassDefinition(name = "PixelCraft OpenAPI document")
    public @interface Config {
        // NOTE: must match the cookie the accounts bundle sets; only the documentation reads it.
        @AttributeDefinition(name = "Session cookie name",
                description = "Name of the browser session cookie, as documented in the security schemes.")
        String sessionCookieName() default "pc_session";
    }

    /** The document generated for one route table; the table never changes, so neither does it. */
    private record Cached(RouteTable table, ObjectNode document) {
    }

    private final Supplier<RouteTable> routes;
    private final OpenApiGenerator generator;
    private volatile Cached cached;

    @Activate
    public OpenApiEndpoint(@Reference RouteRegistry registry, Config config) {
        this(registry::table, config.sessionCookieName());
    }

    OpenApiEndpoint(Supplier<RouteTable> routes, String sessionCookieName) {
        this.routes = routes;
        ObjectMapper mapper = new JsonCodec(64, 1_000_000).mapper();
        this.generator = new OpenApiGenerator(mapper, sessionCookieName);
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.route("GET", "/api/openapi.json").access(Access.anonymous()).bodyLimit(BodyLimit.NONE)
                .tag("meta").summary("Returns this OpenAPI 3.1 document of every live route")
                .response(200, Map.of("openapi", OpenApiGenerator.OPENAPI_VERSION, "paths", Map.of()))
                .handler(request -> ApiResponse.ok(document())));
    }

    ObjectNode document() {
        RouteTable table = routes.get();
        Cached current = cached;
        if (current == null || current.table() != table) {
            current = new Cached(table, generator.generate(table.routes().stream().map(RegisteredRoute::route).toList()));
            cached = current;
        }
        return current.document();
    }
}
