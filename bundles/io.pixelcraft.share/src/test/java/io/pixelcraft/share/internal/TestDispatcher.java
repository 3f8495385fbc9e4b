package io.pixelcraft.share.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import jakarta.servlet.http.HttpServletRequest;
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
 * Stands in for the web bundle's dispatcher: matches routes, requires a signed-in caller for
 * non-anonymous routes, parses JSON bodies with unknown fields rejected, and serialises responses
 * with the same Jackson settings (ISO dates, nulls included).
 */
final class TestDispatcher {

    /** A finished call: status, JSON body or problem, and headers. */
    record Result(int status, JsonNode json, Map<String, String> headers, ApiException error) {
    }

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final List<Route> routes;
    private final Map<String, Principal> users = new HashMap<>();

    TestDispatcher(List<Route> routes) {
        this.routes = routes;
    }

    /** Adds a user who authenticates with a personal access token whose id is {@code pat-<userId>}. */
    Principal user(String userId, String displayName) {
        Principal principal = new Principal(userId, userId + "@example.test", displayName, false, Principal.AuthMethod.TOKEN,
                "pat-" + userId);
        users.put(userId, principal);
        return principal;
    }

    Principal admin(String userId) {
        Principal principal = new Principal(userId, userId + "@example.test", userId, true, Principal.AuthMethod.TOKEN, "pat-" + userId);
        users.put(userId, principal);
        return principal;
    }

    Result call(String userId, String method, String path, Object body) {
        return call(userId, method, path, body, Locale.ENGLISH);
    }

    Result call(String userId, String method, String path, Object body, Locale locale) {
        try {
            ApiResponse response = dispatch(userId, method, path, body, locale);
            JsonNode json = response.body() == null ? null : MAPPER.readTree(MAPPER.writeValueAsBytes(response.body()));
            return new Result(response.status(), json, response.headers(), null);
        } catch (ApiException e) {
            return new Result(e.status(), null, e.headers(), e);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    private ApiResponse dispatch(String userId, String method, String path, Object body, Locale locale) throws Exception {
        for (Route route : routes) {
            Map<String, String> params = match(route, method, path);
            if (params == null) {
                continue;
            }
            Principal principal = userId == null ? null : users.get(userId);
            if (principal == null && route.access().level() != io.pixelcraft.api.web.Access.Level.ANONYMOUS) {
                throw ApiException.unauthorized("Sign in");
            }
            byte[] json = body == null ? null : MAPPER.writeValueAsBytes(body);
            return route.handler().handle(new Request(principal, params, json, locale));
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

    private record Request(Principal caller, Map<String, String> params, byte[] json, Locale locale) implements ApiRequest {

        @Override
        public String pathParam(String name) {
            return params.get(name);
        }

        @Override
        public Optional<String> query(String name) {
            return Optional.empty();
        }

        @Override
        public int queryInt(String name, int defaultValue, int min, int max) {
            return defaultValue;
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
            return Optional.ofNullable(caller);
        }

        @Override
        public Principal requirePrincipal() {
            if (caller == null) {
                throw ApiException.unauthorized("Sign in");
            }
            return caller;
        }

        @Override
        public Optional<ProjectRole> projectRole() {
            return Optional.empty();
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
            return locale;
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
