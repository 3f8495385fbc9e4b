package io.pixelcraft.collab.internal;

/**
 * WebSocket close codes of the collaboration protocol. Codes 4000 to 4999 are for applications
 * (RFC 6455, section 7.4.2); the last three digits follow the HTTP status with the same meaning.
 */
final class CloseCodes {

    /** The server is restarting or the bundle is being updated; reconnect and resend. RFC 6455 registry: Service Restart. */
    static final int RESTARTING = 1012;
    /** A message exceeded the maximum size (sent by Jetty). */
    static final int MESSAGE_TOO_BIG = 1009;
    /** No join message arrived in time, or the client broke the protocol. */
    static final int PROTOCOL = 4400;
    /** No valid credential, or it expired or was revoked. */
    static final int UNAUTHENTICATED = 4401;
    /** The browser origin is not allowed. */
    static final int FORBIDDEN_ORIGIN = 4403;
    /** The project does not exist or the caller is not a member; both look the same. */
    static final int PROJECT_NOT_FOUND = 4404;
    /** The room already has the maximum number of connections. */
    static final int ROOM_FULL = 4409;
    /** The client did not read fast enough and its outbound queue overflowed. */
    static final int SLOW_CONSUMER = 4413;
    /**
     * Another node holds the project's room lease, so its room orders the project's changes. The
     * reason is {@value #MISDIRECTED_REASON} followed by {@code ": "} and that node's advertised
     * base URL when it has one. Follows HTTP 421 Misdirected Request.
     */
    static final int MISDIRECTED = 4421;
    static final String MISDIRECTED_REASON = "Open on another node";
    /** The room could not be loaded or failed; the client may retry later. */
    static final int UNAVAILABLE = 4503;

    private CloseCodes() {
    }
}
