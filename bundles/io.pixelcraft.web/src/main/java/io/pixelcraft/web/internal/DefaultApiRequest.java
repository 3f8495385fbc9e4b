package io.pixelcraft.web.internal;

import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiRequest;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The dispatcher's {@link ApiRequest}: a matched route's request after authorization. */
final class DefaultApiRequest implements ApiRequest {

    private final HttpServletRequest request;
    private final Map<String, String> pathParams;
    private final BodyLimit bodyLimit;
    private final byte[] body;
    private final JsonCodec json;
    private final Optional<Principal> principal;
    private final Optional<ProjectRole> projectRole;
    private final String requestId;
    private QueryString queryString;

    /**
     * @param body the body read by the dispatcher for JSON route classes, or {@code null} for
     *             {@link BodyLimit#STREAM} and {@link BodyLimit#NONE}
     */
    DefaultApiRequest(HttpServletRequest request, Map<String, String> pathParams, BodyLimit bodyLimit, byte[] body,
            JsonCodec json, Optional<Principal> principal, Optional<ProjectRole> projectRole, String requestId) {
        this.request = request;
        this.pathParams = pathParams;
        this.bodyLimit = bodyLimit;
        this.body = body;
        this.json = json;
        this.principal = principal;
        this.projectRole = projectRole;
        this.requestId = requestId;
    }

    @Override
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The route's path template has no parameter '" + name + "'");
        }
        return value;
    }

    @Override
    public Optional<String> query(String name) {
        if (queryString == null) {
            queryString = QueryString.parse(request.getQueryString());
        }
        return queryString.get(name);
    }

    @Override
    public int queryInt(String name, int defaultValue, int min, int max) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String message = "Query parameter '" + name + "' must be an integer from " + min + " to " + max
                + ", got '" + JsonCodec.truncate(raw.get()) + "'";
        try {
            int value = Integer.parseInt(raw.get().trim());
            if (value < min || value > max) {
                throw ApiException.invalidField(name, "range", message);
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, "type", message);
        }
    }

    @Override
    public <T> T body(Class<T> type) {
        if (body == null) {
            throw new IllegalStateException("Route with body class " + bodyLimit + " cannot parse a JSON body");
        }
        if (body.length > 0) {
            requireJsonContentType();
        }
        return json.read(body, type);
    }

    @Override
    public InputStream bodyStream() {
        if (bodyLimit != BodyLimit.STREAM) {
            throw new IllegalStateException("Only STREAM routes read the raw body; this route is " + bodyLimit);
        }
        try {
            return request.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    @Override
    public Optional<Principal> principal() {
        return principal;
    }

    @Override
    public Principal requirePrincipal() {
        return principal.orElseThrow(() -> ApiException.unauthorized("Sign in or send a bearer token to use this route"));
    }

    @Override
    public Optional<ProjectRole> projectRole() {
        return projectRole;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public String clientAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public Locale locale() {
        return request.getLocale();
    }

    @Override
    public boolean secure() {
        // NOTE: trusts only the connector; a TLS-terminating proxy needs Jetty's forwarded-request
        // customizer (PID org.apache.felix.http) for this to be true behind it.
        return request.isSecure();
    }

    @Override
    public HttpServletRequest servletRequest() {
        return request;
    }

    /** Rejects a body that is not declared as JSON, so a form post cannot pass as an API call. */
    private void requireJsonContentType() {
        String contentType = request.getContentType();
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw ApiException.unsupportedMediaType("Send the body with Content-Type: application/json, not '"
                    + JsonCodec.truncate(contentType == null ? "" : contentType) + "'");
        }
    }
}
