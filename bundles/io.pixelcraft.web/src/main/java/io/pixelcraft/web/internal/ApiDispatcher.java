package io.pixelcraft.web.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Authenticator;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.web.internal.RouteTable.Found;
import io.pixelcraft.web.internal.RouteTable.Lookup;
import io.pixelcraft.web.internal.RouteTable.MethodNotAllowed;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The single REST dispatcher under {@code /api}: matches the route, authenticates, authorizes,
 * enforces the body limit, runs the handler and writes its response. {@link Problems} writes every
 * failure on the way, so handlers never write errors themselves.
 */
@Component(service = Servlet.class, configurationPid = DispatcherConfig.PID)
@Designate(ocd = DispatcherConfig.class)
@HttpWhiteboardServletPattern("/api/*")
public final class ApiDispatcher extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);

    /** Request attribute set once the dispatcher has read a JSON body to the end. */
    private static final String BODY_READ_ATTRIBUTE = "io.pixelcraft.web.bodyRead";

    /** Request attribute with the matched {@link Route} instance. */
    private static final String ROUTE_INSTANCE_ATTRIBUTE = "io.pixelcraft.web.routeInstance";

    private final transient RouteRegistry routes;
    private final transient Authorizer authorizer;

    /** Limits and codecs from the configuration; {@link #modified} swaps them without a restart. */
    private record Settings(JsonCodec json, Problems problems, long jsonBodyLimit, long jsonLargeBodyLimit,
            long retryAfterSeconds, long restartingRouteNanos) {

        static Settings of(DispatcherConfig config) {
            JsonCodec json = new JsonCodec(config.maxJsonNestingDepth(), config.maxJsonStringLength());
            long restartingRouteNanos = Math.min(TimeUnit.SECONDS.toNanos(Math.max(config.restartingRouteSeconds(), 0)),
                    RouteRegistry.DEPARTED_LIMIT_NANOS);
            return new Settings(json, new Problems(json, config.retryAfterSeconds()), config.jsonBodyLimit(),
                    config.jsonLargeBodyLimit(), config.retryAfterSeconds(), restartingRouteNanos);
        }
    }

    private transient volatile Settings settings;

    /**
     * Absent until the accounts bundle registers one. Meanwhile every caller is anonymous, and
     * routes that need a caller raise 503.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Activate
    public ApiDispatcher(@Reference RouteRegistry registry, @Reference Authorizer authorizer, DispatcherConfig config) {
        this.routes = registry;
        this.authorizer = authorizer;
        this.settings = Settings.of(config);
        LOG.info("REST dispatcher started on /api with body limits of {} bytes (JSON) and {} bytes (large JSON)",
                config.jsonBodyLimit(), config.jsonLargeBodyLimit());
    }

    /** Applies new limits to the requests that start after this call. */
    @Modified
    void modified(DispatcherConfig config) {
        this.settings = Settings.of(config);
        LOG.info("REST dispatcher limits changed: body limits {} bytes (JSON) and {} bytes (large JSON), "
                + "nesting depth {}, string length {}", config.jsonBodyLimit(), config.jsonLargeBodyLimit(),
                config.maxJsonNestingDepth(), config.maxJsonStringLength());
    }

    /** Absent until the metrics bundle registers one; then requests are not measured. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile MeterRegistry meterRegistry;

    void setAuthenticator(Authenticator value) {
        this.authenticator = value;
    }

    void setMeterRegistry(MeterRegistry value) {
        this.meterRegistry = value;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        String requestId = RequestIds.of(request);
        Settings current = settings;
        try {
            dispatch(request, response, requestId, current);
        } catch (Throwable e) {
            if (hasUnreadBody(request)) {
                // Jetty closes a connection whose request body was not read. Saying so lets the
                // client open a new one instead of reusing a connection that is going away.
                response.setHeader("Connection", "close");
            }
            current.problems().send(response, unavailableIfRouteLeft(request, e, requestId, current), requestId);
            if (e instanceof Error && !(e instanceof StackOverflowError)) {
                throw (Error) e;
            }
        } finally {
            MDC.remove(RequestIds.MDC_USER_ID);
            MDC.remove(RequestIds.MDC_PROJECT_ID);
            recordMetrics(request, response, start);
        }
    }

    private void recordMetrics(HttpServletRequest request, HttpServletResponse response, long start) {
        MeterRegistry registry = meterRegistry;
        if (registry == null) {
            return;
        }
        Object route = request.getAttribute(RequestMetrics.ROUTE_ATTRIBUTE);
        RequestMetrics.record(registry, request.getMethod().toUpperCase(Locale.ROOT),
                route instanceof String template ? template : null, response.getStatus(), System.nanoTime() - start);
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response, String requestId, Settings current)
            throws Exception {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = pathWithinContext(request);
        Found found = find(method, path, current);
        Route route = found.route();
        request.setAttribute(RequestMetrics.ROUTE_ATTRIBUTE, route.path());
        request.setAttribute(ROUTE_INSTANCE_ATTRIBUTE, route);

        Optional<Principal> caller = authenticate(request, route.access(), current);
        caller.ifPresent(principal -> MDC.put(RequestIds.MDC_USER_ID, principal.userId()));
        String projectId = route.access().projectParam() == null ? null
                : found.pathParams().get(route.access().projectParam());
        if (projectId != null) {
            MDC.put(RequestIds.MDC_PROJECT_ID, projectId);
        }
        Optional<ProjectRole> role = authorizer.authorize(caller, route.access(), projectId);

        byte[] body = readBody(request, route.bodyLimit(), current);
        ApiResponse result = route.handler().handle(new DefaultApiRequest(request, found.pathParams(),
                route.bodyLimit(), body, current.json(), caller, role, requestId));
        if (result == null) {
            throw new IllegalStateException("Route " + method + " " + route.path() + " returned no response");
        }
        write(response, result, current.json());
    }

    private Found find(String method, String path, Settings current) {
        List<String> segments = segments(path);
        Lookup lookup = routes.table().lookup(method, segments);
        if (lookup instanceof Found found) {
            return found;
        }
        rejectIfRestarting(method, segments, current);
        if (lookup instanceof MethodNotAllowed notAllowed) {
            String allow = String.join(", ", notAllowed.allowed());
            throw new ApiException(405, "method-not-allowed", "Method not allowed",
                    "Method " + method + " is not allowed on " + JsonCodec.truncate(path) + "; use " + allow,
                    List.of(), Map.of("Allow", allow));
        }
        throw ApiException.notFound("No route for " + method + " " + JsonCodec.truncate(path)
                + "; GET /api/openapi.json lists the routes");
    }

    /**
     * Raises 503 with Retry-After when the route's provider left within the restarting route
     * window, because DS stops and starts providers when a service they need goes away and comes
     * back. A 404 would tell the client that the route does not exist.
     */
    private void rejectIfRestarting(String method, List<String> segments, Settings current) {
        Optional<RouteRegistry.DepartedRoute> departed = routes.departed(method, segments, current.restartingRouteNanos());
        if (departed.isPresent()) {
            throw ApiException.unavailable("The service behind " + method + " " + departed.get().route().path()
                    + " is restarting; retry after " + current.retryAfterSeconds() + " seconds",
                    current.retryAfterSeconds());
        }
    }

    /**
     * Returns the error to report for a request that failed. A handler whose route provider
     * stopped while it ran may fail on the services that stopped with it. Such a failure is
     * reported as 503 with Retry-After instead of 500, and logged with the request id. Errors
     * ({@link Error}) and {@link ApiException}s are reported as they are.
     */
    private Throwable unavailableIfRouteLeft(HttpServletRequest request, Throwable failure, String requestId,
            Settings current) {
        if (!(failure instanceof Exception) || failure instanceof ApiException || Problems.isStoreUnavailable(failure)) {
            return failure;
        }
        Object matched = request.getAttribute(ROUTE_INSTANCE_ATTRIBUTE);
        if (!(matched instanceof Route route) || routes.table().contains(route)) {
            return failure;
        }
        LOG.warn("Request {} to {} {} failed after the route's provider stopped; responding with 503", requestId,
                route.method(), route.path(), failure);
        return ApiException.unavailable("The service behind " + route.method() + " " + route.path()
                + " stopped while this request ran; retry after " + current.retryAfterSeconds() + " seconds",
                current.retryAfterSeconds());
    }

    /**
     * Asks the authenticator for the caller. On routes open to anonymous callers, a rejected
     * credential (an expired cookie, a missing CSRF token) makes the caller anonymous instead
     * of failing the request, because such a route grants nothing on the caller's behalf.
     * Without an authenticator, for example while the accounts bundle restarts, a route that
     * needs a caller raises 503 with Retry-After instead of 401, which would send the client
     * to sign in again.
     */
    private Optional<Principal> authenticate(HttpServletRequest request, Access access, Settings settings) {
        Authenticator current = authenticator;
        if (current == null) {
            if (access.level() == Access.Level.ANONYMOUS) {
                return Optional.empty();
            }
            throw ApiException.unavailable("Credentials cannot be checked while the accounts service restarts; retry"
                    + " after " + settings.retryAfterSeconds() + " seconds", settings.retryAfterSeconds());
        }
        try {
            Optional<Principal> caller = current.authenticate(request);
            return caller == null ? Optional.empty() : caller;
        } catch (ApiException e) {
            if (access.level() != Access.Level.ANONYMOUS || (e.status() != 401 && e.status() != 403)) {
                throw e;
            }
            LOG.debug("Credential rejected ({} {}) on an anonymous route; continuing as anonymous",
                    e.status(), e.code());
            return Optional.empty();
        }
    }

    /**
     * Reads the body of a JSON route up to its limit. A declared {@code Content-Length} over the
     * limit is rejected before reading; a chunked body is cut off one byte past the limit.
     *
     * @return the body bytes, or {@code null} for {@link BodyLimit#STREAM} routes, which read the
     *         stream themselves
     */
    private static byte[] readBody(HttpServletRequest request, BodyLimit limit, Settings current) throws IOException {
        if (limit == BodyLimit.STREAM) {
            return null;
        }
        long maxBytes = switch (limit) {
            case NONE -> 0;
            case JSON -> current.jsonBodyLimit();
            case JSON_LARGE -> current.jsonLargeBodyLimit();
            case STREAM -> throw new AssertionError("handled above");
        };
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(limit, maxBytes);
        }
        request.setAttribute(BODY_READ_ATTRIBUTE, Boolean.FALSE);
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), 64 * 1024));
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (body.size() + read > maxBytes) {
                    throw tooLarge(limit, maxBytes);
                }
                body.write(buffer, 0, read);
            }
        }
        request.setAttribute(BODY_READ_ATTRIBUTE, Boolean.TRUE);
        return body.toByteArray();
    }

    /** Returns whether the request came with a body that the dispatcher did not read to the end. */
    private static boolean hasUnreadBody(HttpServletRequest request) {
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        return hasBody && !Boolean.TRUE.equals(request.getAttribute(BODY_READ_ATTRIBUTE));
    }

    private static ApiException tooLarge(BodyLimit limit, long maxBytes) {
        if (limit == BodyLimit.NONE) {
            // A body where none belongs is a malformed request, whatever its size.
            return ApiException.badRequest("This route takes no request body: send the request without one");
        }
        return ApiException.payloadTooLarge("The request body exceeds the limit of " + maxBytes
                + " bytes for this route");
    }

    private static void write(HttpServletResponse response, ApiResponse result, JsonCodec json) throws IOException {
        Object body = result.body();
        byte[] bytes = null;
        String contentType = result.headers().get("Content-Type");
        if (body != null && !(body instanceof ApiResponse.Streamed)) {
            // Serialized before the status is set, so a failure here still becomes a clean 500.
            bytes = json.write(body);
            if (contentType == null) {
                contentType = "application/json";
            }
        }

        response.setStatus(result.status());
        response.setHeader("Cache-Control", "no-store");
        result.headers().forEach(response::setHeader);
        result.cookies().forEach(cookie -> response.addHeader("Set-Cookie", cookie));

        if (body instanceof ApiResponse.Streamed streamed) {
            response.setContentType(streamed.mediaType());
            streamed.writeTo(response.getOutputStream());
        } else if (bytes != null) {
            response.setContentType(contentType);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    /**
     * Returns the path below the servlet context, split at '/' and percent-decoded per segment,
     * so an encoded slash stays inside its segment.
     */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        for (String raw : trimmed.split("/", -1)) {
            try {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("The path has an invalid percent-encoding in segment '"
                        + JsonCodec.truncate(raw) + "'");
            }
        }
        return segments;
    }

    private static String pathWithinContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
