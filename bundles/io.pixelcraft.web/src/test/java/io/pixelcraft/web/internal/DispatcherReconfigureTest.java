package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.Route;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherReconfigureTest {

    private Server server;

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void newLimitAppliesWithoutRestart() throws Exception {
        RouteRegistry registry = new RouteRegistry();
        registry.addProvider(1L, "test", () -> List.of(Route.route("POST", "/api/notes").access(Access.anonymous())
                .handler(request -> ApiResponse.ok(request.body(Map.class)))));
        ApiDispatcher dispatcher = new ApiDispatcher(registry, new ProjectAuthorizer(null),
                TestConfigs.dispatcher(100, 1000, 10, 1000));
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(dispatcher), "/api/*");
        server.setHandler(context);
        server.start();
        URI notes = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort()
                + "/api/notes");
        HttpRequest post = HttpRequest.newBuilder(notes).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"text\":\"" + "n".repeat(200) + "\"}")).build();
        HttpClient client = HttpClient.newHttpClient();

        assertThat(client.send(post, BodyHandlers.ofString()).statusCode()).isEqualTo(413);

        dispatcher.modified(TestConfigs.dispatcher(1000, 1000, 10, 1000));

        assertThat(client.send(post, BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
}
