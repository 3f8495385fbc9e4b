package io.pixelcraft.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request ids: the {@code X-Request-Id} a client or proxy sent when it is well formed, otherwise a
 * new random UUID. The gate stores the id as a request attribute for later steps.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";

    static final String ATTRIBUTE = "io.pixelcraft.web.requestId";

    /** SLF4J MDC keys that the log pattern can show. */
    static final String MDC_REQUEST_ID = "requestId";
    static final String MDC_USER_ID = "userId";
    static final String MDC_PROJECT_ID = "projectId";

    /**
     * Accepted incoming ids: 8 to 64 letters, digits, '.', '_', ':' or '-'. Anything else could
     * smuggle line breaks or markup into logs, so it is replaced by a new id.
     */
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:\\-]{8,64}");

    private RequestIds() {
    }

    /** Returns the incoming id when it is well formed, otherwise a new one. */
    static String acceptOrGenerate(String incoming) {
        if (incoming != null && WELL_FORMED.matcher(incoming).matches()) {
            return incoming;
        }
        return UUID.randomUUID().toString();
    }

    /**
     * Returns the id the gate assigned to this request. Without the gate (unit tests, or a
     * request that arrived while the gate was being replaced) it assigns one now.
     */
    static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        if (id instanceof String value) {
            return value;
        }
        String assigned = acceptOrGenerate(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, assigned);
        return assigned;
    }
}
