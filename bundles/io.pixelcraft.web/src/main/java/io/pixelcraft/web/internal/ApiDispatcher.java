package io.pixelcraft.web.internal;

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
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
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

    private final transient Supplier<RouteTable> routes;
    private final transient Authorizer authorizer;
    private final transient JsonCodec json;
    private final transient Problems problems;
    private final long jsonBodyLimit;
    private final long jsonLargeBodyLimit;

    /** Absent until the accounts bundle registers one; then every caller is anonymous. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Activate
    public ApiDispatcher(@Reference RouteRegistry registry, @Reference Authorizer authorizer, DispatcherConfig config) {
        this(registry::table, authorizer, config);
    }

    ApiDispatcher(Supplier<RouteTable> routes, Authorizer authorizer, DispatcherConfig config) {
        this.routes = routes;
        this.authorizer = authorizer;
        this.json = new JsonCodec(config.maxJsonNestingDepth(), config.maxJsonStringLength());
        this.problems = new Problems(json, config.retryAfterSeconds());
        this.jsonBodyLimit = config.jsonBodyLimit();
        this.jsonLargeBodyLimit = config.jsonLargeBodyLimit();
        LOG.info("REST dispatcher started on /api with body limits of {} bytes (JSON) and {} bytes (large JSON)",
                jsonBodyLimit, jsonLargeBodyLimit);
    }

    void setAuthenticator(Authenticator value) {
        this.authenticator = value;
    }

    JsonCodec json() {
        return json;
    }

    Problems problems() {
        return problems;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = RequestIds.of(request);
        try {
            dispatch(request, response, requestId);
        } catch (Throwable e) {
            problems.send(response, e, requestId);
            if (e instanceof Error && !(e instanceof StackOverflowError)) {
                throw (Error) e;
            }
        } finally {
            MDC.remove(RequestIds.MDC_USER_ID);
            MDC.remove(RequestIds.MDC_PROJECT_ID);
        }
    }

    private void dispatch(HttpServletRequest request, HttpServletResponse response, String requestId) throws Exception {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = pathWithinContext(request);
        Found found = find(method, path);
        Route route = found.route();

        Optional<Principal> caller = authenticate(request, route.access());
        caller.ifPresent(principal -> MDC.put(RequestIds.MDC_USER_ID, principal.userId()));
        String projectId = route.access().projectParam() == null ? null
                : found.pathParams().get(route.access().projectParam());
        if (projectId != null) {
            MDC.put(RequestIds.MDC_PROJECT_ID, projectId);
        }
        Optional<ProjectRole> role = authorizer.authorize(caller, route.access(), projectId);

        byte[] body = readBody(request, route.bodyLimit());
        ApiResponse answer = route.handler().handle(new DefaultApiRequest(request, found.pathParams(),
                route.bodyLimit(), body, json, caller, role, requestId));
        if (answer == null) {
            throw new IllegalStateException("Route " + method + " " + route.path() + " returned no response");
        }
        write(response, answer);
    }

    private Found find(String method, String path) {
        Lookup lookup = routes.get().lookup(method, segments(path));
        if (lookup instanceof Found found) {
            return found;
        }
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
     * Asks the authenticator for the caller. On routes open to anonymous callers, a rejected
     * credential (an expired cookie, a missing CSRF token) makes the caller anonymous instead
     * of failing the request, because such a route grants nothing on the caller's behalf.
     */
    private Optional<Principal> authenticate(HttpServletRequest request, Access access) {
        Authenticator current = authenticator;
        if (current == null) {
            return Optional.empty();
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
    private byte[] readBody(HttpServletRequest request, BodyLimit limit) throws IOException {
        if (limit == BodyLimit.STREAM) {
            return null;
        }
        long maxBytes = switch (limit) {
            case NONE -> 0;
            case JSON -> jsonBodyLimit;
            case JSON_LARGE -> jsonLargeBodyLimit;
            case STREAM -> throw new AssertionError("handled above");
        };
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(limit, maxBytes);
        }
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
        return body.toByteArray();
    }

    private static ApiException tooLarge(BodyLimit limit, long maxBytes) {
        if (limit == BodyLimit.NONE) {
            return ApiException.payloadTooLarge("This route takes no request body: send the request without one");
        }
        return ApiException.payloadTooLarge("The request body exceeds the limit of " + maxBytes
                + " bytes for this route");
    }

    private void write(HttpServletResponse response, ApiResponse answer) throws IOException {
        Object body = answer.body();
        byte[] bytes = null;
        String contentType = answer.headers().get("Content-Type");
        if (body != null && !(body instanceof ApiResponse.Streamed)) {
            // Serialized before the status is set, so a failure here still becomes a clean 500.
            bytes = json.write(body);
            if (contentType == null) {
                contentType = "application/json";
            }
        }

        response.setStatus(answer.status());
        response.setHeader("Cache-Control", "no-store");
        answer.headers().forEach(response::setHeader);
        answer.cookies().forEach(cookie -> response.addHeader("Set-Cookie", cookie));

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
