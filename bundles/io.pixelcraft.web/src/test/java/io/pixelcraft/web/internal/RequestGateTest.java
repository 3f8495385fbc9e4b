package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestGateTest {

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private Server server;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    /** A servlet whose /slow path blocks until the test releases it. */
    private final class SlowServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
            if (request.getRequestURI().endsWith("/slow")) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            response.getWriter().write("done");
        }
    }

    @Test
    void drainRejectsNewAndWaitsForRunning() throws Exception {
        InFlightRequests inFlight = new InFlightRequests();
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new RequestGate.GateFilter(inFlight,
                new SecurityHeaders(SecurityHeaders.DEFAULT_CSP), 10)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new SlowServlet()), "/*");
        server.setHandler(context);
        server.start();
        String base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        HttpClient client = HttpClient.newHttpClient();

        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/slow")).build(), BodyHandlers.ofString());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.active()).isEqualTo(1);

        inFlight.close();
        HttpResponse<String> rejected = client.send(HttpRequest.newBuilder(URI.create(base + "/fast")).build(),
                BodyHandlers.ofString());
        assertThat(rejected.statusCode()).isEqualTo(503);
        assertThat(rejected.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(rejected.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(rejected.body()).contains("shutting-down");

        assertThat(inFlight.awaitIdle(100, TimeUnit.MILLISECONDS)).isEqualTo(1);
        release.countDown();
        assertThat(inFlight.awaitIdle(5, TimeUnit.SECONDS)).isZero();
        assertThat(slow.get(5, TimeUnit.SECONDS).body()).isEqualTo("done");
    }

    @Test
    void requestIdRule() {
        assertThat(RequestIds.acceptOrGenerate("abc-123_x.y:z")).isEqualTo("abc-123_x.y:z");
        assertThat(RequestIds.acceptOrGenerate("short")).isNotEqualTo("short");
        assertThat(RequestIds.acceptOrGenerate("line\nbreak-12345")).doesNotContain("\n");
        assertThat(RequestIds.acceptOrGenerate("x".repeat(65))).hasSize(36);
        assertThat(RequestIds.acceptOrGenerate(null)).hasSize(36);
    }
}
