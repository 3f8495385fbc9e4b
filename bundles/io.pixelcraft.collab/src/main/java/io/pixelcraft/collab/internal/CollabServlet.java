package io.pixelcraft.collab.internal;

import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Authenticator;
import io.pixelcraft.api.web.Principal;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.ExtensionConfig;
import org.eclipse.jetty.websocket.api.Session;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket endpoint {@code /ws/projects/{id}} on the Servlet Whiteboard. It authenticates
 * the upgrade request (session cookie or bearer token, through the {@link Authenticator}), checks
 * the browser origin, and hands the socket to a {@link Connection}. Requires Felix HTTP's Jetty 12
 * bundle with the {@code with-jetty-websockets} classifier and
 * {@code org.apache.felix.jetty.websocket.enable=true}.
 *
 * <p>Failures are reported as close codes after the upgrade rather than HTTP statuses, because
 * browsers do not expose the status of a failed upgrade to scripts.
 *
 * <p>The {@link Authenticator} reference is dynamic, because the accounts component restarts on
 * every change of its configuration. With a static reference this servlet would be unregistered
 * and every open socket closed each time. While no authenticator is registered, upgrades are
 * closed with {@link CloseCodes#RESTARTING} and open sockets stay open.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/ws/projects/*")
public final class CollabServlet extends JettyWebSocketServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CollabServlet.class);
    private static final Pattern PROJECT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String DEFLATE = "permessage-deflate";

    private final transient RoomManager manager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private transient volatile Authenticator authenticator;

    @Activate
    public CollabServlet(@Reference RoomManager manager) {
        this.manager = manager;
    }

    CollabServlet(RoomManager manager, Authenticator authenticator) {
        this.manager = manager;
        this.authenticator = authenticator;
    }

    /** Sets the authenticator as DS does when the accounts component registers one; for tests. */
    void authenticator(Authenticator value) {
        authenticator = value;
    }

    @Override
    public void init() throws ServletException {
        super.init();
        manager.endpointInitialised();
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        CollabSettings settings = manager.settings();
        factory.setMaxTextMessageSize(settings.maxMessageBytes());
        factory.setMaxBinaryMessageSize(1024);
        factory.setIdleTimeout(Duration.ofSeconds(settings.idleTimeoutSeconds()));
        factory.setCreator(this::create);
    }

    /**
     * Responds to a GET that Jetty did not upgrade, for which HttpServlet would return 405 although
     * the method is right. Without an Upgrade header the status is 426 with {@code Upgrade: websocket}
     * (RFC 9110 requires that header on 426). Jetty itself returns 400 for most handshakes with
     * invalid headers, and the 400 here covers the rest.
     */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String upgrade = request.getHeader("Upgrade");
        String message;
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            response.setStatus(426);
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Connection", "Upgrade");
            message = "This is a WebSocket endpoint, and the request has no 'Upgrade: websocket' header:"
                    + " connect with a WebSocket client";
        } else {
            response.setStatus(400);
            message = "The WebSocket handshake is invalid: send 'Connection: Upgrade', 'Sec-WebSocket-Version: 13'"
                    + " and a 'Sec-WebSocket-Key'";
        }
        response.setContentType("text/plain;charset=utf-8");
        response.getWriter().println(message);
    }

    /**
     * Closes every room and socket with the restarting code before Jetty tears the endpoint down,
     * but leaves the room manager running: the whiteboard calls {@link #init} again when it
     * registers this servlet anew, for example after an HTTP port change.
     */
    @Override
    public void destroy() {
        manager.endpointDestroyed();
        super.destroy();
    }

    private Object create(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response) {
        if (!manager.settings().permessageDeflate()) {
            List<ExtensionConfig> kept = request.getExtensions().stream()
                    .filter(extension -> !DEFLATE.equalsIgnoreCase(extension.getName()))
                    .toList();
            response.setExtensions(kept);
        }

        String projectId = projectId(request.getHttpServletRequest().getPathInfo());
        if (projectId == null) {
            return reject(CloseCodes.PROJECT_NOT_FOUND, "Project not found");
        }
        if (!originAllowed(request)) {
            LOG.warn("Rejected a collaboration connection to project {} from origin {}", projectId, request.getOrigin());
            return reject(CloseCodes.FORBIDDEN_ORIGIN, "Origin not allowed");
        }
        Authenticator current = authenticator;
        if (current == null) {
            // The accounts component restarts, which takes a few hundred milliseconds.
            return reject(CloseCodes.RESTARTING, "Sign-in service restarting: reconnect");
        }
        Optional<Principal> principal;
        try {
            principal = current.authenticate(request.getHttpServletRequest());
        } catch (ApiException e) {
            return reject(CloseCodes.UNAUTHENTICATED, "Invalid credential: sign in again");
        }
        if (principal.isEmpty()) {
            return reject(CloseCodes.UNAUTHENTICATED, "Not signed in: send the session cookie or a bearer token");
        }
        return manager.newConnection(principal.get(), projectId);
    }

    /** Counts a rejected upgrade among the closes, by its close code, and returns its endpoint. */
    private Rejection reject(int code, String reason) {
        manager.metrics().closed(code);
        return new Rejection(code, reason);
    }

    static String projectId(String pathInfo) {
        if (pathInfo == null || pathInfo.length() < 2) {
            return null;
        }
        String id = pathInfo.substring(1);
        return PROJECT_ID.matcher(id).matches() ? id : null;
    }

    /**
     * Accepts requests without an {@code Origin} header (non-browser clients, which must send a
     * bearer token or cookie themselves), the server's own origin, and configured origins. This
     * stops other sites from opening a socket with the user's session cookie.
     */
    private boolean originAllowed(JettyServerUpgradeRequest request) {
        String origin = request.getOrigin();
        if (origin == null) {
            return true;
        }
        if (manager.settings().allowedOrigins().contains(origin)) {
            return true;
        }
        String host = request.getHeader("Host");
        try {
            URI uri = URI.create(origin);
            String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An endpoint that closes the socket with a code as soon as it opens; public because Jetty requires it. */
    public record Rejection(int code, String reason) implements Session.Listener.AutoDemanding {

        @Override
        public void onWebSocketOpen(Session session) {
            session.close(code, reason, Callback.NOOP);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            // Without this, Jetty logs a warning when the client drops the socket before the close.
            LOG.debug("Rejected collaboration connection failed while closing with {}: {}", code, cause.toString());
        }
    }
}
