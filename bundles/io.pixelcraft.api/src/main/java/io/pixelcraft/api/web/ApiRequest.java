package io.pixelcraft.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** A REST request as a route handler sees it, after authentication and authorization. */
@ProviderType
public interface ApiRequest {

    /** Returns the value of a path template parameter. */
    String pathParam(String name);

    /** Returns a query parameter, or empty when absent. */
    Optional<String> query(String name);

    /**
     * Returns a query parameter as an integer within bounds, or the default when absent.
     *
     * @throws ApiException 400 naming the parameter when it is not an integer in {@code [min, max]}
     */
    int queryInt(String name, int defaultValue, int min, int max);

    /**
     * Parses the JSON body into the given type. Unknown fields are rejected.
     *
     * @throws ApiException 400 with the offending field when the body is missing, malformed,
     *         has unknown fields or values of the wrong type
     */
    <T> T body(Class<T> type);

    /** Returns the raw body stream, for {@link BodyLimit#STREAM} routes. */
    InputStream bodyStream();

    /** Returns a request header, or empty when absent. */
    Optional<String> header(String name);

    /** Returns the caller, or empty for anonymous requests. */
    Optional<Principal> principal();

    /**
     * Returns the caller.
     *
     * @throws ApiException 401 for anonymous requests
     */
    Principal requirePrincipal();

    /** Returns the caller's role for project routes, otherwise empty. */
    Optional<ProjectRole> projectRole();

    /** Returns the request id that is also sent as {@code X-Request-Id} and logged. */
    String requestId();

    /** Returns the client's address, for throttling. */
    String clientAddress();

    /** Returns the caller's preferred locale from {@code Accept-Language}. */
    Locale locale();

    /** Returns whether the request arrived over TLS (directly or through a trusted proxy). */
    boolean secure();

    /** Returns the servlet request, for handlers that need cookies or raw headers. */
    HttpServletRequest servletRequest();
}
