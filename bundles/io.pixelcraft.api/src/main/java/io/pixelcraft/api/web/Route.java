package io.pixelcraft.api.web;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One REST route: method, path template, who may call it, and its handler.
 *
 * <p>Path templates are absolute and use {@code {name}} segments, for example
 * {@code /api/projects/{id}/shares/{shareId}}. The examples feed the OpenAPI document.
 *
 * @param method          HTTP method in upper case
 * @param path            path template
 * @param access          who may call the route; enforced before the handler runs
 * @param bodyLimit       maximum request body the dispatcher reads for this route
 * @param tag             OpenAPI tag grouping related routes, for example {@code projects}
 * @param summary         one-line description for the API documentation
 * @param requestExample  example request body, or {@code null} for none
 * @param successStatus   status of a successful answer
 * @param responseExample example success body, or {@code null} for none
 * @param handler         code that serves the route
 */
public record Route(
        String method,
        String path,
        Access access,
        BodyLimit bodyLimit,
        String tag,
        String summary,
        Object requestExample,
        int successStatus,
        Object responseExample,
        RouteHandler handler) {

    private static final Pattern TEMPLATE = Pattern.compile("(/[A-Za-z0-9._\\-]+|/\\{[A-Za-z][A-Za-z0-9]*\\})+");

    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(bodyLimit, "bodyLimit");
        Objects.requireNonNull(handler, "handler");
        if (!TEMPLATE.matcher(path).matches()) {
            throw new IllegalArgumentException("Invalid path template '" + path
                    + "': use absolute segments of letters, digits, '.', '_', '-' or {name}");
        }
        if (access.projectParam() != null && !path.contains("{" + access.projectParam() + "}")) {
            throw new IllegalArgumentException("Path template '" + path + "' has no {"
                    + access.projectParam() + "} segment for its project access rule");
        }
    }

    /** Starts a route with the given method and path template. */
    public static Builder route(String method, String path) {
        return new Builder(method, path);
    }

    /** Builder that defaults to authenticated access, a small JSON body and status 200. */
    public static final class Builder {
        private final String method;
        private final String path;
        private Access access = Access.authenticated();
        private BodyLimit bodyLimit = BodyLimit.JSON;
        private String tag = "default";
        private String summary = "";
        private Object requestExample;
        private int successStatus = 200;
        private Object responseExample;

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Builder access(Access value) {
            this.access = value;
            return this;
        }

        public Builder bodyLimit(BodyLimit value) {
            this.bodyLimit = value;
            return this;
        }

        public Builder tag(String value) {
            this.tag = value;
            return this;
        }

        public Builder summary(String value) {
            this.summary = value;
            return this;
        }

        public Builder request(Object example) {
            this.requestExample = example;
            return this;
        }

        public Builder response(int status, Object example) {
            this.successStatus = status;
            this.responseExample = example;
            return this;
        }

        public Route handler(RouteHandler value) {
            return new Route(method, path, access, bodyLimit, tag, summary, requestExample,
                    successStatus, responseExample, value);
        }
    }
}
