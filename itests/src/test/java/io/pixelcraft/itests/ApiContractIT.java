package io.pixelcraft.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Checks the REST contract on the running distribution: every route in {@code /api/openapi.json}
 * is served, and bad input to any route is answered with {@code application/problem+json} and a
 * 4xx status, never a 500 or an HTML page.
 */
public class ApiContractIT {

    /**
     * Announced body size: above the default limit of every JSON route class (4 MiB for the
     * largest) and of the upload route (50 MiB).
     */
    private static final long OVERSIZED_BYTES = 64L * 1024 * 1024;

    private static DistributionProcess dist;
    private static ApiClient api;
    private static ApiFixture.User owner;
    private static String projectId;

    @BeforeClass
    public static void startDistribution() throws Exception {
        dist = DistributionProcess.unpack(Path.of("target", "contract-it", UUID.randomUUID().toString()).toAbsolutePath());
        dist.startAndAwaitHealthy();
        api = new ApiClient(dist.httpPort);
        ApiFixture fixture = new ApiFixture(api);
        owner = fixture.register("owner");
        projectId = fixture.newProject(owner, Map.of());
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (dist != null) {
            dist.stopAndAwaitExit();
        }
    }

    @Test
    public void documentedRoutesAreServed() throws Exception {
        List<String> unserved = new ArrayList<>();
        for (String route : new ApiFixture(api).liveRoutes().keySet()) {
            HttpResponse<String> response = send(route, null);
            if (response.statusCode() == 404 && response.body().contains("No route for")) {
                unserved.add(route);
            }
        }
        assertTrue("Routes in the OpenAPI document that the dispatcher does not serve: " + unserved, unserved.isEmpty());
    }

    @Test
    public void badInputGetsProblemJson() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Boolean> route : new ApiFixture(api).liveRoutes().entrySet()) {
            if (!route.getValue()) {
                continue;
            }
            check(failures, route.getKey(), "malformed JSON", "{\"name\": ");
            check(failures, route.getKey(), "wrong types", "{\"name\": [1, 2], \"role\": {}, \"ops\": \"x\"}");
            check(failures, route.getKey(), "unknown field", "{\"sharedBy\": \"someone-else\"}");
            checkOversized(failures, route.getKey());
            check(failures, route.getKey(), "deep nesting", "[".repeat(2000) + "]".repeat(2000));
        }
        assertEquals("Answers to bad input that break the contract:\n" + String.join("\n", failures), 0, failures.size());
    }

    @Test
    public void unknownRouteGetsProblemJson() throws Exception {
        HttpResponse<String> response = api.send("GET", "/api/no-such-route", null, owner.token());

        assertEquals(404, response.statusCode());
        assertProblem(response);
    }

    @Test
    public void everyAnswerCarriesRequestId() throws Exception {
        HttpResponse<String> ok = api.send("GET", "/api/health", null, null);
        HttpResponse<String> error = api.send("GET", "/api/no-such-route", null, null);

        assertTrue(ok.headers().firstValue("X-Request-Id").isPresent());
        assertTrue(error.headers().firstValue("X-Request-Id").isPresent());
        assertEquals(error.headers().firstValue("X-Request-Id").get(),
                Document.parse(error.body()).getString("requestId"));
    }

    private static void check(List<String> failures, String route, String kind, String body) throws Exception {
        HttpResponse<String> response = send(route, body);
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        boolean fine = status >= 400 && status < 500 && contentType.startsWith("application/problem+json")
                && !response.body().contains("Exception") && !response.body().contains("<html");
        if (!fine) {
            failures.add(route + " with " + kind + ": " + status + " " + contentType + " "
                    + response.body().substring(0, Math.min(200, response.body().length())));
        }
    }

    private static void checkOversized(List<String> failures, String route) throws Exception {
        String answer = api.sendOversizedHead(method(route), path(route), OVERSIZED_BYTES, owner.token());
        String statusLine = answer.lines().findFirst().orElse("");
        boolean fine = statusLine.matches("HTTP/1\\.1 4\\d\\d .*")
                && answer.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/problem+json");
        if (!fine) {
            failures.add(route + " with an oversized body: " + answer.substring(0, Math.min(300, answer.length())));
        }
    }

    private static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }

    private static String path(String route) {
        return route.substring(route.indexOf(' ') + 1)
                .replace("{id}", projectId)
                .replaceAll("\\{[A-Za-z0-9]+\\}", "000000000000000000000000");
    }

    private static HttpResponse<String> send(String route, String body) throws Exception {
        return api.send(method(route), path(route), body, owner.token());
    }

    private static void assertProblem(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        Document problem = Document.parse(response.body());
        assertTrue(problem.containsKey("type"));
        assertTrue(problem.containsKey("title"));
        assertEquals(response.statusCode(), problem.getInteger("status").intValue());
        assertTrue(problem.containsKey("detail"));
        assertFalse(response.body().contains("Exception"));
    }
}
