package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.api.web.RouteHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Checks what clients receive while route providers and the authenticator restart, as they do
 * when DS restarts them because the storage service was updated: 503 with Retry-After, never 404,
 * 401 or 500.
 */
class DispatcherRestartTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final RouteRegistry registry = new RouteRegistry();
    private Server server;
    private String base;

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    private void start(long restartingRouteSeconds) throws Exception {
        ApiDispatcher dispatcher = new ApiDispatcher(registry, new ProjectAuthorizer(null),
                TestConfigs.dispatcher(1000, 1000, 10, 1000, restartingRouteSeconds));
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(dispatcher), "/api/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), BodyHandlers.ofString());
    }

    private static Route anonymousGet(String path, RouteHandler handler) {
        return Route.route("GET", path).access(Access.anonymous()).handler(handler);
    }

    @Test
    void routeOfStoppedProviderReturns503() throws Exception {
        registry.addProvider(1L, "notes", () -> List.of(anonymousGet("/api/notes/{id}",
                request -> ApiResponse.ok(Map.of("id", request.pathParam("id"))))));
        start(60);
        assertThat(get("/api/notes/1").statusCode()).isEqualTo(200);

        registry.removeProvider(1L);
        HttpResponse<String> restarting = get("/api/notes/1");

        assertThat(restarting.statusCode()).isEqualTo(503);
        assertThat(restarting.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(restarting.body()).contains("GET /api/notes/{id} is restarting");
        assertThat(get("/api/other").statusCode()).isEqualTo(404);
    }

    @Test
    void routeBackAfterRestartReturns200() throws Exception {
        registry.addProvider(1L, "notes", () -> List.of(anonymousGet("/api/notes", request -> ApiResponse.ok(Map.of()))));
        start(60);

        registry.removeProvider(1L);
        registry.addProvider(2L, "notes", () -> List.of(anonymousGet("/api/notes", request -> ApiResponse.ok(Map.of()))));

        assertThat(get("/api/notes").statusCode()).isEqualTo(200);
    }

    @Test
    void routeAfterWindowReturns404() throws Exception {
        registry.addProvider(1L, "notes", () -> List.of(anonymousGet("/api/notes", request -> ApiResponse.ok(Map.of()))));
        start(0);

        registry.removeProvider(1L);

        assertThat(get("/api/notes").statusCode()).isEqualTo(404);
    }

    @Test
    void otherMethodOfStoppedProviderReturns503() throws Exception {
        registry.addProvider(1L, "notes", () -> List.of(
                Route.route("POST", "/api/notes").access(Access.anonymous()).handler(request -> ApiResponse.noContent())));
        registry.addProvider(2L, "note list", () -> List.of(anonymousGet("/api/notes", request -> ApiResponse.ok(Map.of()))));
        start(60);

        registry.removeProvider(1L);
        HttpResponse<String> restarting = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/notes"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertThat(restarting.statusCode()).isEqualTo(503);
    }

    @Test
    void failureAfterProviderStoppedReturns503() throws Exception {
        registry.addProvider(1L, "notes", () -> List.of(anonymousGet("/api/notes", request -> {
            // The provider stops while the request runs, and the service it used fails.
            registry.removeProvider(1L);
            throw new IllegalStateException("Executor has been shut down");
        })));
        start(60);

        HttpResponse<String> response = get("/api/notes");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.body()).contains("stopped while this request ran").doesNotContain("Executor");
    }

    @Test
    void failureOfLiveProviderReturns500() throws Exception {
        registry.addProvider(1L, "notes", () -> List.of(anonymousGet("/api/notes", request -> {
            throw new IllegalStateException("bug");
        })));
        start(60);

        assertThat(get("/api/notes").statusCode()).isEqualTo(500);
    }

    @Test
    void signedInRouteWithoutAuthenticatorReturns503() throws Exception {
        registry.addProvider(1L, "me", () -> List.of(Route.route("GET", "/api/me").access(Access.authenticated())
                .handler(request -> ApiResponse.ok(Map.of()))));
        start(60);

        HttpResponse<String> response = get("/api/me");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.body()).contains("Credentials cannot be checked");
    }

    @Test
    void anonymousRouteWithoutAuthenticatorReturns200() throws Exception {
        registry.addProvider(1L, "notes", () -> List.of(anonymousGet("/api/notes", request -> ApiResponse.ok(Map.of()))));
        start(60);

        assertThat(get("/api/notes").statusCode()).isEqualTo(200);
    }
}
