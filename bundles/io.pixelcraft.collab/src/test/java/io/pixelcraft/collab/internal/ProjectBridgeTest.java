package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.web.ProjectRole;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** REST changes and live changes share one document through the projects bundle. */
class ProjectBridgeTest {

    private static Optional<Node> awaitNode(FakeProjectDocuments projects, String node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Optional<Node> found = projects.load("p1").nodes().stream().filter(n -> n.id().equals(node)).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    @Test
    void restAndLiveEditsMeet() throws Exception {
        FakeProjectDocuments projects = new FakeProjectDocuments();
        projects.create("p1");
        try (TestServer server = new TestServer(CollabSettings.DEFAULTS, new InMemoryOpLog())) {
            server.manager.useProjectDocuments(projects);
            server.grant("p1", "alice", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(server.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            alice.next("welcome");

            alice.send("{\"type\":\"ops\",\"batch\":\"a1\",\"ops\":[{\"kind\":\"create\",\"opId\":\"ao1\","
                    + "\"node\":\"live1\",\"type\":\"rect\",\"parent\":\"root\"}]}");
            alice.next("ack");
            RestRoute.apply(server.manager, projects, "p1", "bob",
                    List.of(Op.create("ro1", "rest1", NodeType.RECT, "root", Map.of())));
            JsonNode fromRest = alice.next("ops");

            assertThat(awaitNode(projects, "live1")).isPresent();
            assertThat(fromRest.get("author").asText()).isEqualTo("bob");
            assertThat(fromRest.get("seq").asLong()).isEqualTo(2);
            assertThat(fromRest.at("/ops/0/node").asText()).isEqualTo("rest1");
            assertThat(server.manager.roomOf("p1").snapshot().nodes())
                    .isEqualTo(projects.load("p1").nodes());
            alice.abort();
        }
    }

    @Test
    void restChangeWhileClosedWinsOnReopen() throws Exception {
        FakeProjectDocuments projects = new FakeProjectDocuments();
        projects.create("p1");
        InMemoryOpLog opLog = new InMemoryOpLog();
        long lastSeq;
        try (TestServer first = new TestServer(CollabSettings.DEFAULTS, opLog)) {
            first.manager.useProjectDocuments(projects);
            first.grant("p1", "alice", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(first.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            alice.next("welcome");
            alice.send("{\"type\":\"ops\",\"batch\":\"a1\",\"ops\":[{\"kind\":\"create\",\"opId\":\"ao1\","
                    + "\"node\":\"live1\",\"type\":\"rect\",\"parent\":\"root\"}]}");
            lastSeq = alice.next("ack").get("seq").asLong();
        }
        assertThat(projects.listenerCount("p1")).isZero();
        projects.apply("p1", List.of(Op.create("ro1", "rest1", NodeType.RECT, "root", Map.of())), "bob");

        try (TestServer second = new TestServer(CollabSettings.DEFAULTS, opLog)) {
            second.manager.useProjectDocuments(projects);
            second.grant("p1", "alice", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(second.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":" + lastSeq + "}");
            JsonNode welcome = alice.next("welcome");

            assertThat(welcome.get("mode").asText()).isEqualTo("snapshot");
            assertThat(welcome.get("seq").asLong()).isEqualTo(lastSeq + 1);
            assertThat(welcome.get("snapshot").toString()).contains("rest1").contains("live1");
            alice.abort();
        }
    }

    @Test
    void replacementClosesRoomAndReloads() throws Exception {
        FakeProjectDocuments projects = new FakeProjectDocuments();
        projects.create("p1");
        Document restored = new TreeDocumentEngine().create(800, 600);
        restored.apply(List.of(Op.create("v1", "restored1", NodeType.ELLIPSE, "root", Map.of())));
        try (TestServer server = new TestServer(CollabSettings.DEFAULTS, new InMemoryOpLog())) {
            server.manager.useProjectDocuments(projects);
            server.grant("p1", "alice", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(server.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            long seq = alice.next("welcome").get("seq").asLong();

            projects.replace("p1", restored.snapshot(), "olivia");
            TestClient.Close close = alice.awaitClose();
            TestClient again = TestClient.connect(server.uri("p1"), "alice");
            again.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":" + seq + "}");
            JsonNode welcome = again.next("welcome");

            assertThat(close.code()).isEqualTo(CloseCodes.RESTARTING);
            assertThat(welcome.get("mode").asText()).isEqualTo("snapshot");
            assertThat(welcome.get("snapshot").toString()).contains("restored1");
            again.abort();
        }
    }
}
