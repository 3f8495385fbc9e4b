package io.pixelcraft.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectAccess;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in for the web bundle's dispatcher in unit tests. It matches routes, signs callers in by
 * user id, enforces the route's {@link Access} level, parses JSON bodies with unknown fields
 * rejected, and serialises responses with the same Jackson settings (ISO dates, nulls included).
 *
 * <p>A user id registered with {@link #user} or {@link #admin} signs in as that principal. Any
 * other non-null user id signs in as a non-admin user of that id, and {@code null} is anonymous.
 * Project routes need a {@link ProjectAccess}: non-members get 404 and members below the
 * route's minimum role get 403. Without one, project routes fail the test.
 */
public final class TestDispatcher {

    /**
     * A finished call.
     *
     * @param status  the HTTP status
     * @param json    the response body as JSON, {@code null} for an error, no body or a streamed body
     * @param bytes   the bytes of a streamed body, otherwise {@code null}
     * @param headers the response headers, plus {@code Content-Type} for a streamed body
     * @param error   the exception that became the error response, otherwise {@code null}
     */
    public record Result(int status, JsonNode json, byte[] bytes, Map<String, String> headers, ApiException error) {
    }

    /** The JSON settings of the web bundle's dispatcher. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final List<Route> routes;
    private final ProjectAccess access;
    private final Map<String, Principal> users = new HashMap<>();

    /** Creates a dispatcher for routes without project access levels. */
    public TestDispatcher(List<Route> routes) {
        this(routes, null);
    }

    public TestDispatcher(List<Route> routes, ProjectAccess access) {
        this.routes = List.copyOf(routes);
        this.access = access;
    }

    /** Registers a user who signs in with a personal access token whose id is {@code pat-<userId>}. */
    public Principal user(String userId, String displayName) {
        Principal principal = new Principal(userId, userId + "@example.test", displayName, false, Principal.AuthMethod.TOKEN,
                "pat-" + userId);
        users.put(userId, principal);
        return principal;
    }

    /** Registers a platform administrator who signs in with a personal access token. */
    public Principal admin(String userId) {
        Principal principal = new Principal(userId, userId + "@example.test", userId, true, Principal.AuthMethod.TOKEN,
                "pat-" + userId);
        users.put(userId, principal);
        return principal;
    }

    /**
     * Sends a request with an English locale.
     *
     * @param userId the caller, {@code null} for an anonymous call
     * @param uri    path with an optional query string, which is split at {@code &} and {@code =} without decoding
     * @param body   an object serialised to the JSON body, or {@code null}
     */
    public Result call(String userId, String method, String uri, Object body) {
        return call(userId, method, uri, body, Locale.ENGLISH);
    }

    /** Sends a request like {@link #call(String, String, String, Object)} with the given locale. */
    public Result call(String userId, String method, String uri, Object body, Locale locale) {
        try {
            ApiResponse response = dispatch(caller(userId), method, uri, body, locale);
            if (response.body() instanceof ApiResponse.Streamed streamed) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                streamed.writeTo(out);
                Map<String, String> headers = new HashMap<>(response.headers());
                headers.put("Content-Type", streamed.mediaType());
                return new Result(response.status(), null, out.toByteArray(), headers, null);
            }
            JsonNode json = response.body() == null ? null : MAPPER.readTree(MAPPER.writeValueAsBytes(response.body()));
            return new Result(response.status(), json, null, response.headers(), null);
        } catch (ApiException e) {
            return new Result(e.status(), null, null, e.headers(), e);
        } catch (Exception e) {
            throw new AssertionError(method + " " + uri + " failed", e);
        }
    }

    private Principal caller(String userId) {
        if (userId == null) {
            return null;
        }
        return users.getOrDefault(userId, new Principal(userId, userId + "@example.test", userId, false,
                Principal.AuthMethod.TOKEN, "pat-" + userId));
    }

    private ApiResponse dispatch(Principal caller, String method, String uri, Object body, Locale locale) throws Exception {
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        Map<String, String> query = question < 0 ? Map.of() : parseQuery(uri.substring(question + 1));
        for (Route route : routes) {
            Optional<Map<String, String>> params = RouteMatcher.match(route, method, path);
            if (params.isEmpty()) {
                continue;
            }
            Optional<ProjectRole> role = enforce(route, caller, params.get());
            byte[] json = body == null ? null : MAPPER.writeValueAsBytes(body);
            return route.handler().handle(new Request(caller, params.get(), query, json, role, locale));
        }
        throw ApiException.notFound("No route for " + method + " " + path);
    }

    /** Applies the route's access level and returns the caller's project role on project routes. */
    private Optional<ProjectRole> enforce(Route route, Principal caller, Map<String, String> params) {
        Access.Level level = route.access().level();
        if (level == Access.Level.ANONYMOUS) {
            return Optional.empty();
        }
        if (caller == null) {
            throw ApiException.unauthorized("Authentication required: the call has no user id");
        }
        if (level == Access.Level.ADMIN && !caller.admin()) {
            throw ApiException.forbidden("Administrators only");
        }
        if (level != Access.Level.PROJECT) {
            return Optional.empty();
        }
        if (access == null) {
            throw new AssertionError("Route " + route.method() + " " + route.path()
                    + " needs project access: create the TestDispatcher with a ProjectAccess");
        }
        Optional<ProjectRole> role = access.roleOf(caller.userId(), params.get(route.access().projectParam()));
        if (role.isEmpty()) {
            throw ApiException.notFound("Project not found");
        }
        if (!role.get().atLeast(route.access().minimumRole())) {
            throw ApiException.forbidden("Role too low");
        }
        return role;
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return parameters;
    }

    private record Request(Principal caller, Map<String, String> params, Map<String, String> queryParams, byte[] json,
            Optional<ProjectRole> role, Locale locale) implements ApiRequest {

        @Override
        public String pathParam(String name) {
            return params.get(name);
        }

        @Override
        public Optional<String> query(String name) {
            return Optional.ofNullable(queryParams.get(name));
        }

        @Override
        public int queryInt(String name, int defaultValue, int min, int max) {
            String value = queryParams.get(name);
            if (value == null) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // Not a number: rejected below like a number out of range.
            }
            throw ApiException.invalidField(name, "range", "Query parameter '" + name + "' must be an integer in ["
                    + min + ", " + max + "]");
        }

        @Override
        public <T> T body(Class<T> type) {
            if (json == null) {
                throw ApiException.badRequest("Body missing");
            }
            try {
                return MAPPER.readValue(json, type);
            } catch (IOException e) {
                throw ApiException.badRequest("Invalid body: " + e.getMessage());
            }
        }

        @Override
        public InputStream bodyStream() {
            throw new UnsupportedOperationException("TestDispatcher sends JSON bodies only");
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Principal> principal() {
            return Optional.ofNullable(caller);
        }

        @Override
        public Principal requirePrincipal() {
            if (caller == null) {
                throw ApiException.unauthorized("Authentication required: the call has no user id");
            }
            return caller;
        }

        @Override
        public Optional<ProjectRole> projectRole() {
            return role;
        }

        @Override
        public String requestId() {
            return "test-request";
        }

        @Override
        public String clientAddress() {
            return "127.0.0.1";
        }

        @Override
        public boolean secure() {
            return false;
        }

        @Override
        public HttpServletRequest servletRequest() {
            throw new UnsupportedOperationException("TestDispatcher has no servlet request");
        }
    }
}
