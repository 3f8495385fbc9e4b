package io.pixelcraft.web.internal;

import jakarta.servlet.http.HttpServletResponse;

/** Security headers sent with every response, whichever servlet writes it. */
final class SecurityHeaders {

    /**
     * Policy for a web editor served from the platform's own origin: scripts, styles and API
     * calls only from the same origin, images also from {@code data:} and {@code blob:} URLs
     * (canvas exports and local previews), and no framing. In CSP Level 3, {@code connect-src
     * 'self'} also allows {@code ws:} and {@code wss:} to the same host, which the collaboration
     * WebSocket needs.
     */
    static final String DEFAULT_CSP = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private final String contentSecurityPolicy;

    SecurityHeaders(String contentSecurityPolicy) {
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", contentSecurityPolicy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        // Older browsers ignore frame-ancestors; this header covers them.
        response.setHeader("X-Frame-Options", "DENY");
    }
}
