package io.pixelcraft.versions.internal;

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
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for the web bundle's dispatcher: matches routes, enforces project access through
 * {@link ProjectAccess} (404 for non-members, 403 below the minimum role), parses JSON bodies with
 * unknown fields rejected, and writes JSON or streamed response bodies.
 */
final class TestDispatcher {

    /** A finished call: status, JSON body (or null), raw bytes of a streamed body, headers, error. */
    record Result(int status, JsonNode json, byte[] bytes, Map<String, String> headers, ApiException error) {
    }

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final List<Route> routes;
    private final ProjectAccess access;

    TestDispatcher(List<Route> routes, ProjectAccess access) {
        this.routes = routes;
        this.access = access;
    }

    Result call(String userId, String method, String uri, Object body) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        Map<String, String> query = new HashMap<>();
        if (uri.contains("?")) {
            for (String pair : uri.substring(uri.indexOf('?') + 1).split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        try {
            ApiResponse response = dispatch(userId, method, path, query, body);
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

    private ApiResponse dispatch(String userId, String method, String path, Map<String, String> query, Object body) throws Exception {
        for (Route route : routes) {
            Map<String, String> params = match(route, method, path);
            if (params == null) {
                continue;
            }
            Optional<ProjectRole> role = Optional.empty();
            if (route.access().level() == Access.Level.PROJECT) {
                role = access.roleOf(userId, params.get(route.access().projectParam()));
                if (role.isEmpty()) {
                    throw ApiException.notFound("Project not found");
                }
                if (!role.get().atLeast(route.access().minimumRole())) {
                    throw ApiException.forbidden("Role too low");
                }
            }
            byte[] json = body == null ? null : MAPPER.writeValueAsBytes(body);
            return route.handler().handle(new Request(userId, params, query, json, role));
        }
        throw ApiException.notFound("No route for " + method + " " + path);
    }

    private static Map<String, String> match(Route route, String method, String path) {
        if (!route.method().equals(method)) {
            return null;
        }
        List<String> names = new ArrayList<>();
        Matcher placeholders = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)\\}").matcher(route.path());
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (placeholders.find()) {
            regex.append(Pattern.quote(route.path().substring(last, placeholders.start()))).append("([^/]+)");
            names.add(placeholders.group(1));
            last = placeholders.end();
        }
        regex.append(Pattern.quote(route.path().substring(last)));
        Matcher matcher = Pattern.compile(regex.toString()).matcher(path);
        if (!matcher.matches()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), matcher.group(i + 1));
        }
        return params;
    }

    private record Request(String userId, Map<String, String> params, Map<String, String> queryParams, byte[] json,
            Optional<ProjectRole> role) implements ApiRequest {

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
                // Falls through to the error below.
            }
            throw ApiException.invalidField(name, "range", "Query parameter '" + name + "' must be an integer in [" + min + ", " + max + "]");
        }

        @Override
        public <T> T body(Class<T> type) {
            if (json == null) {
                throw ApiException.badRequest("Body missing");
            }
            try {
                return MAPPER.readValue(json, type);
            } catch (java.io.IOException e) {
                throw ApiException.badRequest("Invalid body: " + e.getMessage());
            }
        }

        @Override
        public InputStream bodyStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Principal> principal() {
            return Optional.of(requirePrincipal());
        }

        @Override
        public Principal requirePrincipal() {
            return new Principal(userId, userId + "@example.test", userId, false, Principal.AuthMethod.TOKEN, "token-" + userId);
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
        public Locale locale() {
            return Locale.ENGLISH;
        }

        @Override
        public boolean secure() {
            return false;
        }

        @Override
        public HttpServletRequest servletRequest() {
            throw new UnsupportedOperationException();
        }
    }
}
