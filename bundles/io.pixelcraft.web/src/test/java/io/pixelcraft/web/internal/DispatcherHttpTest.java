package io.pixelcraft.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixelcraft.api.storage.StorageUnavailableException;
import io.pixelcraft.api.web.Access;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ApiResponse;
import io.pixelcraft.api.web.BodyLimit;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.api.web.Route;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the dispatcher, the request gate and the error page in a real Jetty 12 on 127.0.0.1 and
 * checks the responses a client receives, for every body class of route.
 */
class DispatcherHttpTest {

    static final long JSON_LIMIT = 1024;
    static final long JSON_LARGE_LIMIT = 8192;
    static final int MAX_DEPTH = 10;
    static final int MAX_STRING = 500;

    /** A small request body type, as a handler would declare it. */
    record Item(String name, int count) {
    }

    record Batch(List<Item> items) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Server server;
    private static String base;
    private static RouteRegistry registry;
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    /** Builds one POST route per body class, plus routes that fail in the ways handlers can fail. */
    private static List<Route> testRoutes() {
        return List.of(
                Route.route("POST", "/api/items").access(Access.anonymous()).bodyLimit(BodyLimit.JSON)
                        .request(new Item("pen", 2)).response(201, new Item("pen", 2))
                        .handler(request -> ApiResponse.created(request.body(Item.class))),
                Route.route("POST", "/api/batches").access(Access.anonymous()).bodyLimit(BodyLimit.JSON_LARGE)
                        .request(new Batch(List.of(new Item("pen", 2))))
                        .handler(request -> ApiResponse.ok(Map.of("count", request.body(Batch.class).items().size()))),
                Route.route("POST", "/api/documents").access(Access.anonymous()).bodyLimit(BodyLimit.JSON_LARGE)
                        .request(Map.of("layers", List.of(Map.of("name", "background"))))
                        .handler(request -> ApiResponse.ok(Map.of("fields", request.body(Map.class).size()))),
                Route.route("POST", "/api/uploads").access(Access.anonymous()).bodyLimit(BodyLimit.STREAM)
                        .handler(request -> {
                            try (InputStream in = request.bodyStream()) {
                                return ApiResponse.ok(Map.of("bytes", in.readAllBytes().length));
                            }
                        }),
                Route.route("POST", "/api/pings").access(Access.anonymous()).bodyLimit(BodyLimit.NONE)
                        .handler(request -> ApiResponse.noContent()),
                Route.route("GET", "/api/items/{id}").access(Access.anonymous()).bodyLimit(BodyLimit.NONE)
                        .handler(request -> ApiResponse.ok(Map.of("id", request.pathParam("id"),
                                "limit", request.queryInt("limit", 50, 1, 200)))),
                Route.route("GET", "/api/failures/bug").access(Access.anonymous()).bodyLimit(BodyLimit.NONE)
                        .handler(request -> {
                            throw new IllegalStateException("secret connection string mongodb://admin:pw@db");
                        }),
                Route.route("GET", "/api/failures/storage").access(Access.anonymous()).bodyLimit(BodyLimit.NONE)
                        .handler(request -> {
                            throw new StorageUnavailableException("db1.internal:27017 refused the connection");
                        }),
                Route.route("GET", "/api/projects/{projectId}/things").bodyLimit(BodyLimit.NONE)
                        .access(Access.project(ProjectRole.EDITOR, "projectId"))
                        .handler(request -> ApiResponse.ok(Map.of("role", request.projectRole().orElseThrow().jsonName()))));
    }

    @BeforeAll
    static void startJetty() throws Exception {
        registry = new RouteRegistry();
        registry.addProvider(1L, "test routes", DispatcherHttpTest::testRoutes);
        ProjectAuthorizer authorizer = new ProjectAuthorizer((userId, projectId) ->
                userId.equals("alice") && projectId.equals("p1") ? Optional.of(ProjectRole.EDITOR)
                        : userId.equals("bob") && projectId.equals("p1") ? Optional.of(ProjectRole.VIEWER)
                        : Optional.empty());
        ApiDispatcher dispatcher = new ApiDispatcher(registry, authorizer,
                TestConfigs.dispatcher(JSON_LIMIT, JSON_LARGE_LIMIT, MAX_DEPTH, MAX_STRING));
        dispatcher.setMeterRegistry(METERS);
        // Test authentication: the user id comes from a header.
        dispatcher.setAuthenticator(request -> {
            if ("expired".equals(request.getHeader("X-Test-User"))) {
                throw ApiException.unauthorized("Your session has expired: sign in again");
            }
            return Optional.ofNullable(request.getHeader("X-Test-User"))
                    .map(user -> new Principal(user, user + "@example.org", user, false, Principal.AuthMethod.TOKEN, "t"));
        });

        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(new RequestGate.GateFilter(new InFlightRequests(),
                new SecurityHeaders(SecurityHeaders.DEFAULT_CSP), 10)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(dispatcher), "/api/*");
        context.addServlet(new ServletHolder(new ErrorPageServlet()), "/error-page");
        context.addServlet(new ServletHolder(new SendErrorServlet()), "/legacy/*");
        context.addServlet(new ServletHolder(new SendErrorServlet()), "/api/raw/*");
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(400, 599, "/error-page");
        errors.addErrorPage(Throwable.class, "/error-page");
        context.setErrorHandler(errors);
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterAll
    static void stopJetty() throws Exception {
        server.stop();
    }

    @Test
    void requestRecordedByRouteTemplate() throws Exception {
        send("GET", "/api/items/metrics-1", null, null);
        send("GET", "/api/items/metrics-2", null, null);

        assertThat(awaitRequestCount(2, "uri", "/api/items/{id}", "status", "200", "method", "GET",
                "outcome", "SUCCESS")).isGreaterThanOrEqualTo(2);
        assertThat(METERS.find(RequestMetrics.NAME).tag("uri", "/api/items/metrics-1").timer()).isNull();
    }

    @Test
    void storageOutageRecordedAs503() throws Exception {
        send("GET", "/api/failures/storage", null, null);

        assertThat(awaitRequestCount(1, "uri", "/api/failures/storage", "status", "503", "outcome", "SERVER_ERROR"))
                .isPositive();
    }

    @Test
    void unknownPathRecordedAsUnmatched() throws Exception {
        send("GET", "/api/no-such-route/12345", null, null);

        assertThat(awaitRequestCount(1, "uri", RequestMetrics.UNMATCHED, "status", "404")).isPositive();
        assertThat(METERS.find(RequestMetrics.NAME).tag("uri", "/api/no-such-route/12345").timer()).isNull();
    }

    /** A servlet that fails the old way, to check that Jetty's error page never shows. */
    static final class SendErrorServlet extends jakarta.servlet.http.HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(jakarta.servlet.http.HttpServletRequest request,
                jakarta.servlet.http.HttpServletResponse response) throws IOException {
            if (request.getPathInfo().equals("/throw")) {
                throw new IllegalStateException("stack trace must not leak");
            }
            response.sendError(418);
        }
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body,
            String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(builder.build(), BodyHandlers.ofString());
    }

    /**
     * Returns the count of requests with the given tags once it reaches {@code minimum}, or after
     * two seconds. The dispatcher records a request after the response is written, so the client
     * can see the response a moment before the meter changes.
     */
    private static long awaitRequestCount(long minimum, String... tags) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        long count = 0;
        while (System.nanoTime() < deadline) {
            count = METERS.find(RequestMetrics.NAME).tags(tags).timers().stream().mapToLong(Timer::count).sum();
            if (count >= minimum) {
                break;
            }
            Thread.sleep(10);
        }
        return count;
    }

    private static HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, "application/json", body);
    }

    /** Checks the common contract of an error response and returns the parsed problem. */
    private static JsonNode assertProblem(HttpResponse<String> response, int status, String code) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("<html", "Exception", "\tat ", "io.pixelcraft");
        JsonNode problem = MAPPER.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo(Problems.TYPE_BASE + code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(problem.path("requestId").asText()).isEqualTo(requestId);
        return problem;
    }

    @Test
    void validBodyIsParsedAndEchoed() throws Exception {
        HttpResponse<String> response = postJson("/api/items", "{\"name\":\"pen\",\"count\":3}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(MAPPER.readTree(response.body()).path("count").asInt()).isEqualTo(3);
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws Exception {
        for (String path : List.of("/api/items", "/api/batches", "/api/documents")) {
            JsonNode problem = assertProblem(postJson(path, "{\n  \"name\": \"pen\",,\n}"), 400, "malformed-json");

            assertThat(problem.path("detail").asText()).as(path).contains("line 2", "column");
        }
    }

    @Test
    void wrongTypesNameTheField() throws Exception {
        JsonNode problem = assertProblem(postJson("/api/items", "{\"name\":\"pen\",\"count\":\"three\"}"), 400,
                "validation-failed");

        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("count");
        assertThat(problem.path("errors").get(0).path("rule").asText()).isEqualTo("type");

        JsonNode nested = assertProblem(postJson("/api/batches", "{\"items\":[{\"name\":7,\"count\":1}]}"), 400,
                "validation-failed");
        assertThat(nested.path("errors").get(0).path("field").asText()).isEqualTo("items[0].name");

        JsonNode array = assertProblem(postJson("/api/items", "[1,2]"), 400, "validation-failed");
        assertThat(array.path("detail").asText()).startsWith("Wrong type for the request body");
        assertProblem(postJson("/api/documents", "\"just a string\""), 400, "validation-failed");
    }

    @Test
    void unknownFieldIsRejected() throws Exception {
        JsonNode problem = assertProblem(postJson("/api/items", "{\"name\":\"pen\",\"count\":1,\"colour\":\"red\"}"),
                400, "validation-failed");

        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("colour");
        assertThat(problem.path("errors").get(0).path("rule").asText()).isEqualTo("unknown-field");
    }

    @Test
    void missingBodyIsBadRequest() throws Exception {
        assertProblem(send("POST", "/api/items", "application/json", null), 400, "bad-request");
    }

    @Test
    void nonJsonContentTypeIsRejected() throws Exception {
        assertProblem(send("POST", "/api/items", "text/plain", "{\"name\":\"pen\",\"count\":1}"), 415,
                "unsupported-media-type");
    }

    @Test
    void oversizedBodiesAreRejected() throws Exception {
        String small = "{\"name\":\"" + "x".repeat((int) JSON_LIMIT) + "\",\"count\":1}";
        HttpResponse<String> rejected = postJson("/api/items", small);
        assertProblem(rejected, 413, "payload-too-large");
        assertThat(rejected.headers().firstValue("Connection")).hasValue("close");

        String large = "{\"items\":[" + "{\"name\":\"pen\",\"count\":1},".repeat((int) (JSON_LARGE_LIMIT / 20))
                + "{\"name\":\"pen\",\"count\":1}]}";
        assertProblem(postJson("/api/batches", large), 413, "payload-too-large");
    }

    @Test
    void bodyOnBodilessRouteIsBadRequest() throws Exception {
        HttpResponse<String> rejected = postJson("/api/pings", "{}");

        assertProblem(rejected, 400, "bad-request");
        assertThat(rejected.body()).contains("takes no request body");
    }

    @Test
    void largeRouteAcceptsBodyOverSmallLimit() throws Exception {
        String batch = "{\"items\":[" + "{\"name\":\"pen\",\"count\":1},".repeat(100) + "{\"name\":\"pen\",\"count\":1}]}";
        assertThat(batch.length()).isGreaterThan((int) JSON_LIMIT).isLessThan((int) JSON_LARGE_LIMIT);

        HttpResponse<String> response = postJson("/api/batches", batch);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body()).path("count").asInt()).isEqualTo(101);
    }

    @Test
    void streamRouteReadsRawBody() throws Exception {
        HttpResponse<String> response = send("POST", "/api/uploads", "application/octet-stream", "x".repeat(5000));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(response.body()).path("bytes").asInt()).isEqualTo(5000);
    }

    @Test
    void deepNestingIsRejected() throws Exception {
        String deep = "{\"layers\":" + "[".repeat(MAX_DEPTH + 5) + "]".repeat(MAX_DEPTH + 5) + "}";
        JsonNode problem = assertProblem(postJson("/api/documents", deep), 400, "validation-failed");

        assertThat(problem.path("errors").get(0).path("rule").asText()).isEqualTo("json-limit");
    }

    @Test
    void longStringIsRejected() throws Exception {
        String longName = "{\"name\":\"" + "y".repeat(MAX_STRING + 1) + "\",\"count\":1}";
        JsonNode problem = assertProblem(postJson("/api/items", longName), 400, "validation-failed");

        assertThat(problem.path("errors").get(0).path("rule").asText()).isEqualTo("json-limit");
    }

    @Test
    void unknownRouteIsNotFound() throws Exception {
        assertProblem(send("GET", "/api/nothing-here", null, null), 404, "not-found");
        assertProblem(postJson("/api/items/1/extra", "{}"), 404, "not-found");
    }

    @Test
    void wrongMethodIsNotAllowed() throws Exception {
        for (String path : List.of("/api/items", "/api/batches", "/api/uploads", "/api/pings")) {
            HttpResponse<String> response = send("DELETE", path, null, null);

            assertProblem(response, 405, "method-not-allowed");
            assertThat(response.headers().firstValue("Allow")).as(path).hasValue("POST");
        }
    }

    @Test
    void invalidQueryParameterIsBadRequest() throws Exception {
        JsonNode problem = assertProblem(send("GET", "/api/items/7?limit=500", null, null), 400, "validation-failed");

        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("limit");
        assertThat(send("GET", "/api/items/7?limit=20", null, null).body()).contains("\"limit\":20");
    }

    @Test
    void unexpectedErrorHidesItsDetails() throws Exception {
        JsonNode problem = assertProblem(send("GET", "/api/failures/bug", null, null), 500, "internal-error");

        assertThat(problem.toString()).doesNotContain("secret", "mongodb", "IllegalState");
        assertThat(problem.path("detail").asText()).contains(problem.path("requestId").asText());
    }

    @Test
    void storageOutageIsServiceUnavailable() throws Exception {
        HttpResponse<String> response = send("GET", "/api/failures/storage", null, null);

        JsonNode problem = assertProblem(response, 503, "storage-unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(problem.toString()).doesNotContain("db1.internal");
    }

    @Test
    void projectRouteEnforcesMembership() throws Exception {
        assertProblem(send("GET", "/api/projects/p1/things", null, null), 401, "unauthorized");
        assertProblem(send("GET", "/api/projects/p1/things", null, null, "X-Test-User", "carol"), 404, "not-found");
        assertProblem(send("GET", "/api/projects/p2/things", null, null, "X-Test-User", "alice"), 404, "not-found");
        assertProblem(send("GET", "/api/projects/p1/things", null, null, "X-Test-User", "bob"), 403, "forbidden");

        HttpResponse<String> allowed = send("GET", "/api/projects/p1/things", null, null, "X-Test-User", "alice");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.body()).contains("editor");
    }

    @Test
    void rejectedCredentialOnAnonymousRoute() throws Exception {
        HttpResponse<String> open = send("GET", "/api/items/1", null, null, "X-Test-User", "expired");
        assertThat(open.statusCode()).isEqualTo(200);

        assertProblem(send("GET", "/api/projects/p1/things", null, null, "X-Test-User", "expired"), 401,
                "unauthorized");
    }

    @Test
    void headRunsGetRoute() throws Exception {
        HttpResponse<String> head = send("HEAD", "/api/items/1", null, null);

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        HttpResponse<String> wrong = send("PUT", "/api/items/1", null, null);
        assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void requestIdIsAcceptedOrGenerated() throws Exception {
        HttpResponse<String> accepted = send("GET", "/api/items/1", null, null, "X-Request-Id", "client-id-1234");
        assertThat(accepted.headers().firstValue("X-Request-Id")).hasValue("client-id-1234");

        HttpResponse<String> replaced = send("GET", "/api/items/1", null, null, "X-Request-Id", "bad id <script>");
        assertThat(replaced.headers().firstValue("X-Request-Id")).hasValueSatisfying(
                id -> assertThat(id).matches("[0-9a-f-]{36}"));
    }

    @Test
    void securityHeadersOnEveryResponse() throws Exception {
        for (String path : List.of("/api/items/1", "/api/nothing-here", "/legacy/x", "/not-served")) {
            HttpResponse<String> response = send("GET", path, null, null);

            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path)
                    .hasValue("strict-origin-when-cross-origin");
        }
    }

    @Test
    void containerErrorsShowNoStackTrace() throws Exception {
        HttpResponse<String> teapot = send("GET", "/legacy/x", null, null);
        assertThat(teapot.statusCode()).isEqualTo(418);
        assertThat(teapot.body()).contains("Request id").doesNotContain("Exception", "jetty", "Powered by");

        HttpResponse<String> thrown = send("GET", "/legacy/throw", null, null);
        assertThat(thrown.statusCode()).isEqualTo(500);
        assertThat(thrown.body()).doesNotContain("stack trace must not leak", "IllegalStateException", "\tat ");

        assertProblem(send("GET", "/api/raw/x", null, null), 418, "client-error");
        JsonNode apiThrown = assertProblem(send("GET", "/api/raw/throw", null, null), 500, "internal-server-error");
        assertThat(apiThrown.toString()).doesNotContain("stack trace must not leak");

        HttpResponse<String> missing = send("GET", "/not-served", null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("jetty", "Powered by");
    }
}
