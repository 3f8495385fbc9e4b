package io.pixelcraft.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Runs every REST route of the running distribution as each kind of caller and checks the
 * outcome against {@code authorization-matrix.tsv}. The route list comes from
 * {@code /api/openapi.json}, so a route added without a matrix entry fails this test, and so
 * does an entry whose route no longer exists.
 *
 * <p>Each route and caller gets a fresh project (owner, one editor, one viewer), so a route that
 * changes or deletes a project cannot affect the next check.
 */
public class AuthorizationMatrixIT {

    static final List<String> CALLERS = List.of("anonymous", "other", "viewer", "editor", "admin", "owner");
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9]+)\\}");

    private static DistributionProcess dist;
    private static ApiClient api;
    private static ApiFixture fixture;
    private static final Map<String, ApiFixture.User> users = new LinkedHashMap<>();

    record Entry(String method, String path, Map<String, String> expected) {
    }

    @BeforeClass
    public static void startDistribution() throws Exception {
        dist = DistributionProcess.unpack(Path.of("target", "matrix-it", UUID.randomUUID().toString()).toAbsolutePath());
        dist.startAndAwaitHealthy();
        api = new ApiClient(dist.httpPort);
        fixture = new ApiFixture(api);
        for (String name : List.of("owner", "editor", "viewer", "other", "admin")) {
            users.put(name, fixture.register(name));
        }
        dist.console("pixelcraft:user-admin-grant " + users.get("admin").email());
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (dist != null) {
            dist.stopAndAwaitExit();
        }
    }

    @Test
    public void everyRouteHasMatrixEntry() throws Exception {
        TreeSet<String> live = new TreeSet<>(fixture.liveRoutes().keySet());
        TreeSet<String> listed = new TreeSet<>(matrix().keySet());

        TreeSet<String> missing = new TreeSet<>(live);
        missing.removeAll(listed);
        TreeSet<String> stale = new TreeSet<>(listed);
        stale.removeAll(live);

        assertTrue("Routes without an entry in authorization-matrix.tsv: " + missing, missing.isEmpty());
        assertTrue("Entries in authorization-matrix.tsv for routes that do not exist: " + stale, stale.isEmpty());
    }

    @Test
    public void everyCallerGetsExpectedOutcome() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<String, Boolean> live = fixture.liveRoutes();
        for (Entry entry : matrix().values()) {
            Boolean takesBody = live.get(entry.method() + " " + entry.path());
            if (takesBody == null) {
                continue;
            }
            for (String caller : CALLERS) {
                String expected = entry.expected().get(caller);
                HttpResponse<String> response = call(entry, caller, takesBody);
                if (!matches(expected, response.statusCode(), entry.path())) {
                    failures.add(entry.method() + " " + entry.path() + " as " + caller + ": expected "
                            + expected + ", got " + response.statusCode() + " " + abbreviate(response.body()));
                }
            }
        }
        assertEquals("Authorization outcomes that differ from the matrix:\n" + String.join("\n", failures),
                0, failures.size());
    }

    /**
     * Returns whether a status fits the expected outcome: {@code ok} means the caller got past
     * authorization (any status but 401 and 403, and not 404 on a project route, where 404 is
     * the answer to callers who may not see the project).
     */
    static boolean matches(String expected, int status, String path) {
        if (!"ok".equals(expected)) {
            return Integer.toString(status).equals(expected);
        }
        boolean projectRoute = path.startsWith("/api/projects/{id}");
        return status != 401 && status != 403 && !(projectRoute && status == 404) && status < 500;
    }

    private HttpResponse<String> call(Entry entry, String caller, boolean takesBody)
            throws IOException, InterruptedException {
        String projectId = entry.path().contains("{id}") ? newProject() : "none";
        Matcher matcher = PARAM.matcher(entry.path());
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(path, Matcher.quoteReplacement(paramValue(matcher.group(1), projectId)));
        }
        matcher.appendTail(path);
        String body = takesBody ? "{}" : null;
        String token = "anonymous".equals(caller) ? null : users.get(caller).token();
        return api.send(entry.method(), path.toString(), body, token);
    }

    private static String paramValue(String name, String projectId) {
        return switch (name) {
            case "id" -> projectId;
            case "userId" -> users.get("viewer").id();
            default -> "000000000000000000000000";
        };
    }

    private static String newProject() throws IOException, InterruptedException {
        return fixture.newProject(users.get("owner"),
                Map.of(users.get("editor"), "editor", users.get("viewer"), "viewer"));
    }

    static Map<String, Entry> matrix() throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (InputStream in = AuthorizationMatrixIT.class.getResourceAsStream("/authorization-matrix.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.trim().split("\\s+");
                if (cells.length != 2 + CALLERS.size()) {
                    throw new IllegalStateException("authorization-matrix.tsv line needs method, path and "
                            + CALLERS.size() + " outcomes (" + CALLERS + "): " + line);
                }
                Map<String, String> expected = new LinkedHashMap<>();
                for (int i = 0; i < CALLERS.size(); i++) {
                    expected.put(CALLERS.get(i), cells[2 + i]);
                }
                entries.put(cells[0] + " " + cells[1], new Entry(cells[0], cells[1], expected));
            }
        }
        return entries;
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
