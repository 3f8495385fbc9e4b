package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.api.plugin.Parameter;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.FieldViolation;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteProvider;
import io.pixelcraft.plugin.host.internal.sandbox.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The plugin REST routes: the catalogue of filters with their schemas and plugin states for
 * every signed-in user, and install, upgrade, uninstall, enable, disable and the audit log for
 * administrators.
 */
@Component(service = RouteProvider.class)
public class PluginRoutes implements RouteProvider {

    private final PluginHost host;
    private final ToolHost toolHost;
    private final PluginAdmin admin;

    @Activate
    public PluginRoutes(@Reference PluginHost host, @Reference ToolHost toolHost, @Reference PluginAdmin admin) {
        this.host = host;
        this.toolHost = toolHost;
        this.admin = admin;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.route("GET", "/api/plugins")
                        .tag("plugins")
                        .summary("List filters and tools with their parameter schemas, and the state of each plugin")
                        .bodyLimit(BodyLimit.NONE)
                        .handler(this::list),
                Route.route("POST", "/api/plugins")
                        .access(Access.admin())
                        .tag("plugins")
                        .summary("Install or upgrade a plugin from a bundle jar in the request body")
                        .bodyLimit(BodyLimit.STREAM)
                        .response(201, null)
                        .handler(this::install),
                Route.route("DELETE", "/api/plugins/{name}")
                        .access(Access.admin())
                        .tag("plugins")
                        .summary("Uninstall a plugin by bundle symbolic name")
                        .bodyLimit(BodyLimit.NONE)
                        .response(204, null)
                        .handler(this::uninstall),
                Route.route("POST", "/api/plugins/{name}/enable")
                        .access(Access.admin())
                        .tag("plugins")
                        .summary("Enable a plugin and reset its budget failures")
                        .bodyLimit(BodyLimit.NONE)
                        .handler(request -> ApiResponse.ok(pluginJson(call(() -> admin.enable(request.pathParam("name"), actor(request))), true))),
                Route.route("POST", "/api/plugins/{name}/disable")
                        .access(Access.admin())
                        .tag("plugins")
                        .summary("Disable a plugin")
                        .bodyLimit(BodyLimit.NONE)
                        .handler(request -> ApiResponse.ok(pluginJson(call(() -> admin.disable(request.pathParam("name"), actor(request))), true))),
                Route.route("GET", "/api/plugins/audit")
                        .access(Access.admin())
                        .tag("plugins")
                        .summary("Newest entries of the plugin audit log")
                        .bodyLimit(BodyLimit.NONE)
                        .handler(request -> ApiResponse.ok(Map.of("items", admin.audit(request.queryInt("limit", 50, 1, 500))))));
    }

    private ApiResponse list(ApiRequest request) {
        Locale locale = request.locale();
        boolean isAdmin = request.principal().map(Principal::admin).orElse(false);
        List<Map<String, Object>> filters = new ArrayList<>();
        for (FilterEntry entry : host.filters()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", entry.id());
            json.put("name", entry.name(locale));
            json.put("plugin", entry.symbolicName());
            json.put("version", entry.version());
            json.put("enabled", host.state(entry.symbolicName()).disabledReason() == null);
            json.put("parameters", schemaJson(entry.schema().parameters()));
            filters.add(json);
        }
        List<Map<String, Object>> plugins = new ArrayList<>();
        for (PluginInfo info : admin.list()) {
            plugins.add(pluginJson(info, isAdmin));
        }
        List<Map<String, Object>> tools = new ArrayList<>();
        for (ToolHost.ToolEntry entry : toolHost.tools()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", entry.id());
            json.put("name", entry.name(locale));
            json.put("plugin", entry.symbolicName());
            json.put("version", entry.version());
            json.put("enabled", host.state(entry.symbolicName()).disabledReason() == null);
            json.put("parameters", schemaJson(entry.schema().parameters()));
            tools.add(json);
        }
        return ApiResponse.ok(Map.of("filters", filters, "tools", tools, "plugins", plugins));
    }

    private ApiResponse install(ApiRequest request) {
        byte[] jar = readJar(request.bodyStream());
        PluginInfo info = call(() -> admin.install(jar, actor(request)));
        return ApiResponse.created(pluginJson(info, true));
    }

    private ApiResponse uninstall(ApiRequest request) {
        call(() -> {
            admin.uninstall(request.pathParam("name"), actor(request));
            return Boolean.TRUE;
        });
        return ApiResponse.noContent();
    }

    private static byte[] readJar(InputStream body) {
        try {
            byte[] jar = body.readNBytes(PluginAdmin.MAX_JAR_BYTES + 1);
            if (jar.length > PluginAdmin.MAX_JAR_BYTES) {
                throw ApiException.payloadTooLarge("Plugin jar exceeds " + PluginAdmin.MAX_JAR_BYTES + " bytes");
            }
            if (jar.length == 0) {
                throw ApiException.badRequest("Request body is empty: send the plugin bundle jar as the body");
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the uploaded plugin jar", e);
        }
    }

    private static String actor(ApiRequest request) {
        Principal principal = request.requirePrincipal();
        return principal.email() != null ? principal.email() : principal.userId();
    }

    /** An admin action that may fail with a {@link PluginAdminException}. */
    private interface AdminAction<T> {
        T run() throws PluginAdminException;
    }

    private static <T> T call(AdminAction<T> action) {
        try {
            return action.run();
        } catch (PluginAdminException e) {
            throw toApiException(e);
        }
    }

    static ApiException toApiException(PluginAdminException e) {
        return switch (e.kind()) {
            case INVALID -> ApiException.badRequest(e.getMessage());
            case NOT_FOUND -> ApiException.notFound(e.getMessage());
            case REJECTED -> new ApiException(422, "plugin-rejected", "Plugin rejected", e.getMessage(),
                    violationsJson(e.violations()), Map.of());
            case FAILED -> ApiException.conflict(e.getMessage());
        };
    }

    private static List<FieldViolation> violationsJson(List<Violation> violations) {
        List<FieldViolation> fields = new ArrayList<>();
        for (Violation violation : violations) {
            fields.add(new FieldViolation(violation.className() + " " + violation.location(), violation.reason(),
                    violation.member() + " is not allowed in plugins: " + violation.reason()));
        }
        return fields;
    }

    static Map<String, Object> pluginJson(PluginInfo info, boolean details) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("symbolicName", info.symbolicName());
        json.put("version", info.version());
        json.put("state", info.state());
        json.put("sandboxed", info.sandboxed());
        json.put("enabled", info.enabled());
        json.put("disabledReason", info.disabledReason());
        json.put("filters", info.filterIds());
        json.put("tools", info.toolIds());
        if (details) {
            json.put("bundleId", info.bundleId());
            json.put("budgetFailures", info.budgetFailures());
            json.put("violations", info.violations().stream().map(violation -> Map.of(
                    "class", violation.className(), "location", violation.location(),
                    "member", violation.member(), "reason", violation.reason())).toList());
            json.put("wiringRejections", info.wiringRejections());
        }
        return json;
    }

    static List<Map<String, Object>> schemaJson(List<Parameter> parameters) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Parameter parameter : parameters) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", parameter.id());
            json.put("label", parameter.label());
            if (parameter instanceof Parameter.Number number) {
                json.put("type", number.integer() ? "integer" : "number");
                json.put("min", number.min());
                json.put("max", number.max());
                json.put("default", number.defaultValue());
            } else if (parameter instanceof Parameter.Color color) {
                json.put("type", "color");
                json.put("default", Parameter.Color.format(color.defaultValue()));
            } else if (parameter instanceof Parameter.Bool bool) {
                json.put("type", "boolean");
                json.put("default", bool.defaultValue());
            } else if (parameter instanceof Parameter.Choice choice) {
                json.put("type", "choice");
                json.put("choices", choice.choices());
                json.put("default", choice.defaultValue());
            }
            list.add(json);
        }
        return list;
    }
}
