package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Authenticator;
import io.pixelcraft.api.web.Authorizer;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 on 127.0.0.1 with the collaboration servlet, an authenticator that takes
 * {@code Authorization: Bearer <userId>} (the token {@code expired} is rejected), a credential
 * validator that rejects the credential ids in {@link #revoked}, and an authorizer over a
 * membership table that follows the {@link Authorizer} contract.
 */
final class TestServer implements AutoCloseable {

    final InMemoryOpLog opLog;
    final RoomManager manager;
    final Map<String, Map<String, ProjectRole>> memberships = new ConcurrentHashMap<>();
    /** Credential ids ({@code token-<userId>}) that the validator rejects with 401. */
    final Set<String> revoked = ConcurrentHashMap.newKeySet();
    /** When set, the validator throws it, as when the store is down. */
    volatile RuntimeException validatorFailure;
    /** When set, the authorizer throws it, as when the projects service is down. */
    volatile RuntimeException authorizerFailure;
    final CollabServlet servlet;
    private final Server server;
    private final ServletContextHandler context;
    private final java.util.function.BiFunction<String, String, ProjectRole> defaultRole;
    private final int port;

    TestServer(CollabSettings settings, InMemoryOpLog opLog) throws Exception {
        this(settings, opLog, new TreeDocumentEngine());
    }

    TestServer(CollabSettings settings, InMemoryOpLog opLog, DocumentEngine engine) throws Exception {
        this(settings, opLog, engine, 0, null);
    }

    /**
     * Starts a server on a port (0 for any free one). With a {@code defaultRole}, every user not
     * in the membership table has the role it returns.
     */
    TestServer(CollabSettings settings, OpLog log, DocumentEngine engine, int requestedPort,
            java.util.function.BiFunction<String, String, ProjectRole> defaultRole) throws Exception {
        this(settings, log, engine, requestedPort, defaultRole, null);
    }

    /** Starts a server as the constructor above does, with a room manager that takes leases ({@code null} for none). */
    TestServer(CollabSettings settings, OpLog log, DocumentEngine engine, int requestedPort,
            java.util.function.BiFunction<String, String, ProjectRole> defaultRole, RoomLeases leases) throws Exception {
        this.opLog = log instanceof InMemoryOpLog memory ? memory : null;
        this.defaultRole = defaultRole;
        this.manager = new RoomManager(engine, log, this::authorize, settings, leases);
        manager.bindCredentialValidator(this::validate);
        servlet = new CollabServlet(manager, bearerAuthenticator());

        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(requestedPort);
        server.addConnector(connector);
        context = new ServletContextHandler("/");
        JettyWebSocketServletContainerInitializer.configure(context, null);
        context.addServlet(new ServletHolder(servlet), "/ws/projects/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    /**
     * Stops and starts the servlet context, which destroys the servlet and initialises it again,
     * as the servlet whiteboard does when the HTTP server restarts on a new port.
     */
    void restartEndpoint() throws Exception {
        context.stop();
        context.start();
    }

    void grant(String projectId, String userId, ProjectRole role) {
        memberships.computeIfAbsent(projectId, id -> new ConcurrentHashMap<>()).put(userId, role);
    }

    URI uri(String projectId) {
        return URI.create("ws://127.0.0.1:" + port + "/ws/projects/" + projectId);
    }

    int port() {
        return port;
    }

    /** Returns the authenticator of this server's servlet, which takes {@code Authorization: Bearer <userId>}. */
    static Authenticator bearerAuthenticator() {
        return request -> {
            String header = request.getHeader("Authorization");
            if (header == null || !header.startsWith("Bearer ")) {
                return Optional.empty();
            }
            String token = header.substring("Bearer ".length());
            if (token.equals("expired")) {
                throw ApiException.unauthorized("Token expired");
            }
            return Optional.of(new Principal(token, token + "@example.test", "User " + token, false,
                    Principal.AuthMethod.TOKEN, "token-" + token));
        };
    }

    private void validate(Principal principal) {
        RuntimeException failure = validatorFailure;
        if (failure != null) {
            throw failure;
        }
        if (revoked.contains(principal.credentialId())) {
            throw ApiException.unauthorized("Credential has been revoked: sign in again.");
        }
    }

    private Optional<ProjectRole> authorize(Optional<Principal> caller, Access access, String projectId) {
        RuntimeException failure = authorizerFailure;
        if (failure != null) {
            throw failure;
        }
        if (caller.isEmpty()) {
            throw ApiException.unauthorized("Sign in");
        }
        ProjectRole role = memberships.getOrDefault(projectId, Map.of()).get(caller.get().userId());
        if (role == null && defaultRole != null) {
            role = defaultRole.apply(projectId, caller.get().userId());
        }
        if (role == null) {
            throw ApiException.notFound("Project not found");
        }
        if (!role.atLeast(access.minimumRole())) {
            throw ApiException.forbidden("Role " + role.jsonName() + " is below " + access.minimumRole().jsonName());
        }
        return Optional.of(role);
    }

    @Override
    public void close() throws Exception {
        manager.shutdown();
        server.stop();
    }
}
