package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Authenticator;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.testing.RouteMatcher;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Stands in for the web bundle's dispatcher in tests: authenticates with the real
 * {@link Authenticator}, enforces anonymous, authenticated and admin access, matches the path
 * template and calls the route handler. Bodies are passed as objects, so JSON parsing is not
 * covered here.
 */
final class TestDispatcher {

    /** A finished call: the success response or the error, with status and headers either way. */
    record Result(int status, Object body, Map<String, String> headers, List<String> cookies, ApiException error) {

        /** Returns the value of the {@code Set-Cookie} with this name, or {@code null}. */
        String cookie(String name) {
            for (String setCookie : cookies) {
                if (setCookie.startsWith(name + "=")) {
                    return setCookie.substring(name.length() + 1, setCookie.indexOf(';'));
                }
            }
            return null;
        }
    }

    private final List<Route> routes;
    private final Authenticator authenticator;

    TestDispatcher(List<Route> routes, Authenticator authenticator) {
        this.routes = routes;
        this.authenticator = authenticator;
    }

    Call call(String method, String path) {
        return new Call(method, path);
    }

    final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new HashMap<>();
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private Object body;
        private String clientAddress = "192.0.2.10";
        private boolean secure;

        private Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call body(Object value) {
            this.body = value;
            return this;
        }

        Call header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), value);
            return this;
        }

        Call cookie(String name, String value) {
            cookies.put(name, value);
            return this;
        }

        Call from(String address) {
            this.clientAddress = address;
            return this;
        }

        Call secure() {
            this.secure = true;
            return this;
        }

        Result send() {
            try {
                ApiResponse response = dispatch();
                return new Result(response.status(), response.body(), response.headers(), response.cookies(), null);
            } catch (ApiException e) {
                return new Result(e.status(), null, e.headers(), List.of(), e);
            }
        }

        private ApiResponse dispatch() {
            HttpServletRequest servlet = servletRequest();
            Optional<Principal> principal = authenticator.authenticate(servlet);
            for (Route route : routes) {
                Optional<Map<String, String>> params = RouteMatcher.match(route, method, path);
                if (params.isEmpty()) {
                    continue;
                }
                enforce(route.access(), principal);
                try {
                    return route.handler().handle(new FakeApiRequest(this, params.get(), principal, servlet));
                } catch (ApiException e) {
                    throw e;
                } catch (Exception e) {
                    throw new AssertionError("Handler of " + route.method() + " " + route.path() + " failed", e);
                }
            }
            throw ApiException.notFound("No route for " + method + " " + path);
        }

        private HttpServletRequest servletRequest() {
            return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] { HttpServletRequest.class }, (self, m, args) -> switch (m.getName()) {
                        case "getHeader" -> headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                        case "getMethod" -> method;
                        case "isSecure" -> secure;
                        case "getRemoteAddr" -> clientAddress;
                        case "getRequestURI" -> path;
                        case "getCookies" -> cookies.isEmpty() ? null : cookies.entrySet().stream()
                                .map(e -> new Cookie(e.getKey(), e.getValue())).toArray(Cookie[]::new);
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private static void enforce(Access access, Optional<Principal> principal) {
        switch (access.level()) {
            case ANONYMOUS -> {
            }
            case AUTHENTICATED -> principal.orElseThrow(() -> ApiException.unauthorized("Sign in first."));
            case ADMIN -> {
                if (!principal.orElseThrow(() -> ApiException.unauthorized("Sign in first.")).admin()) {
                    throw ApiException.forbidden("Administrators only.");
                }
            }
            case PROJECT -> throw new AssertionError("Accounts has no project routes");
        }
    }

    private static final class FakeApiRequest implements ApiRequest {
        private final Call call;
        private final Map<String, String> params;
        private final Optional<Principal> principal;
        private final HttpServletRequest servlet;

        FakeApiRequest(Call call, Map<String, String> params, Optional<Principal> principal, HttpServletRequest servlet) {
            this.call = call;
            this.params = params;
            this.principal = principal;
            this.servlet = servlet;
        }

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
            if (call.body == null) {
                throw ApiException.badRequest("Request body is missing.");
            }
            return type.cast(call.body);
        }

        @Override
        public InputStream bodyStream() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(call.headers.get(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public Optional<Principal> principal() {
            return principal;
        }

        @Override
        public Principal requirePrincipal() {
            return principal.orElseThrow(() -> ApiException.unauthorized("Sign in first."));
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
            return call.clientAddress;
        }

        @Override
        public Locale locale() {
            return Locale.ENGLISH;
        }

        @Override
        public boolean secure() {
            return call.secure;
        }

        @Override
        public HttpServletRequest servletRequest() {
            return servlet;
        }
    }
}
