package io.pixelcraft.versions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.web.Route;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.projects.internal.ProjectsComponent;
import io.pixelcraft.projects.internal.ProjectsConfig;
import io.pixelcraft.testing.TestDispatcher;
import io.pixelcraft.testing.TestStorage;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Versions on the real projects component: its op log, snapshots (one every 2 batches, so older
 * snapshots are deleted while the test runs), per-project lock and replace rules.
 */
class ProjectsIntegrationTest {

    private final TestStorage storage = new TestStorage();
    private final Engine engine = new Engine(EngineLimits.DEFAULTS);
    private final ProjectsComponent projects = new ProjectsComponent(storage, engine, config());
    private final VersionService versions = new VersionService(projects, engine, new VersionStore(storage),
            Clock.systemUTC(), () -> VersionTestSupport.settings(3, 10, 24, 7), () -> ImageLookup.NONE,
            () -> FilterLookup.NONE);
    private final CheckpointTracker tracker = new CheckpointTracker(versions, Runnable::run, Clock.systemUTC(),
            () -> VersionTestSupport.settings(3, 10, 24, 7));
    private final TestDispatcher api;

    ProjectsIntegrationTest() {
        List<Route> routes = new ArrayList<>(projects.routes());
        routes.addAll(new VersionRoutes(versions, tracker::takePendingAuthors).routes());
        api = new TestDispatcher(routes, projects);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static ProjectsConfig config() {
        return (ProjectsConfig) Proxy.newProxyInstance(ProjectsConfig.class.getClassLoader(),
                new Class<?>[] {ProjectsConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> ProjectsConfig.class;
                    case "snapshotEveryBatches" -> 2;
                    default -> method.getDefaultValue();
                });
    }

    private TestDispatcher.Result call(String method, String path, Object body) {
        TestDispatcher.Result result = api.call("owner", method, path, body);
        assertThat(result.status()).as("%s %s: %s", method, path, result.error()).isLessThan(300);
        return result;
    }

    private void ops(String projectId, List<Map<String, Object>> ops) {
        call("POST", "/api/projects/" + projectId + "/ops", Map.of("ops", ops));
    }

    private Map<String, Double> xByNode(String projectId) {
        JsonNode document = call("GET", "/api/projects/" + projectId + "/document", null).json();
        Map<String, Double> result = new TreeMap<>();
        document.get("nodes").forEach(node -> {
            if (!node.get("id").asText().equals("root")) {
                result.put(node.get("id").asText(), node.get("props").path("x").asDouble(0));
            }
        });
        return result;
    }

    @Test
    void restoreEditRestoreThroughProjects() throws Exception {
        String projectId = call("POST", "/api/projects", Map.of("name", "Poster")).json().get("id").asText();
        AutoCloseable subscription = projects.subscribe(projectId, tracker);
        String versions = "/api/projects/" + projectId + "/versions";

        ops(projectId, List.of(Map.of("kind", "create", "opId", "o1", "node", "a", "type", "rect", "parent", "root",
                "props", Map.of("x", 1.0))));
        long one = call("POST", versions, Map.of("label", "one")).json().get("number").asLong();
        for (int i = 2; i <= 6; i++) {
            ops(projectId, List.of(Map.of("kind", "set", "opId", "s" + i, "node", "a", "props", Map.of("x", (double) i))));
        }
        ops(projectId, List.of(Map.of("kind", "create", "opId", "o2", "node", "b", "type", "rect", "parent", "root")));
        long two = call("POST", versions, Map.of("label", "two")).json().get("number").asLong();

        call("POST", versions + "/" + one + "/restore", null);
        assertThat(xByNode(projectId)).containsExactly(Map.entry("a", 1.0));

        ops(projectId, List.of(Map.of("kind", "set", "opId", "s7", "node", "a", "props", Map.of("x", 7.0)),
                Map.of("kind", "create", "opId", "o3", "node", "c", "type", "rect", "parent", "root")));
        JsonNode second = call("POST", versions + "/" + two + "/restore", null).json();
        assertThat(xByNode(projectId)).containsExactly(Map.entry("a", 6.0), Map.entry("b", 0.0));

        long savedBefore = second.get("savedBefore").get("number").asLong();
        JsonNode saved = call("GET", versions + "/" + savedBefore + "/document", null).json();
        List<String> savedIds = new ArrayList<>();
        saved.get("nodes").forEach(node -> savedIds.add(node.get("id").asText()));
        assertThat(savedIds).as("the state replaced by the second restore stays reachable").containsExactly("root", "a", "c");
        assertThat(saved.get("nodes").get(1).get("props").get("x").asDouble()).isEqualTo(7.0);

        ops(projectId, List.of(Map.of("kind", "set", "opId", "s8", "node", "b", "props", Map.of("x", 8.0))));
        assertThat(xByNode(projectId)).containsEntry("b", 8.0);

        JsonNode list = call("GET", versions + "?limit=200", null).json().get("items");
        List<String> kinds = new ArrayList<>();
        list.forEach(item -> kinds.add(item.get("kind").asText()));
        assertThat(kinds).contains("checkpoint", "named", "restore");
        assertThat(list.get(0).get("revision").asLong())
                .as("automatic checkpoints follow edits after the last restore")
                .isLessThanOrEqualTo(call("GET", "/api/projects/" + projectId + "/document", null).json().get("revision").asLong());
        subscription.close();
    }
}
