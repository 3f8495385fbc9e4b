package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.engine.internal.Engine;
import io.pixelcraft.testing.TestStorage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * REST edits of a project with an open room go through the room, so REST and live edits share
 * the room's order. {@link RestRoute} follows the projects bundle's REST route: it decides
 * between the room and a direct apply while holding the project's lock.
 */
class LiveRoomsTest {

    private static final int ROUNDS = 60;

    private final DocumentEngine engine = new Engine(EngineLimits.DEFAULTS);
    private final TestStorage storage = new TestStorage();

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private static BatchResult restApply(RoomManager rooms, FakeProjectDocuments projects, String projectId, String author,
            List<Op> ops) {
        return RestRoute.apply(rooms, projects, projectId, author, ops);
    }

    private static String setOpacity(String batch, String opId, double value) {
        return "{\"type\":\"ops\",\"batch\":\"" + batch + "\",\"ops\":[{\"kind\":\"set\",\"opId\":\"" + opId
                + "\",\"node\":\"r1\",\"props\":{\"opacity\":" + value + "}}]}";
    }

    private static double opacity(DocumentSnapshot snapshot) {
        Node node = snapshot.nodes().stream().filter(n -> n.id().equals("r1")).findFirst().orElseThrow();
        return ((Number) node.props().get("opacity")).doubleValue();
    }

    private static double opacity(JsonNode snapshot) {
        for (JsonNode node : snapshot.get("nodes")) {
            if (node.get("id").asText().equals("r1")) {
                return node.at("/props/opacity").asDouble();
            }
        }
        throw new AssertionError("No node r1 in " + snapshot);
    }

    private FakeProjectDocuments projectWithRect() {
        FakeProjectDocuments projects = new FakeProjectDocuments(engine);
        projects.create("p1");
        projects.apply("p1", List.of(Op.create("setup-1", "r1", NodeType.RECT, "root", Map.of())), "olivia");
        return projects;
    }

    private TestServer server(FakeProjectDocuments projects, OpLog opLog) throws Exception {
        TestServer server = new TestServer(CollabSettings.DEFAULTS, opLog, engine, 0, null);
        if (projects != null) {
            server.manager.useProjectDocuments(projects);
        }
        server.grant("p1", "alice", ProjectRole.EDITOR);
        server.grant("p1", "carol", ProjectRole.EDITOR);
        return server;
    }

    private static TestClient join(TestServer server, String user) throws InterruptedException {
        TestClient client = TestClient.connect(server.uri("p1"), user);
        client.send("{\"type\":\"join\",\"protocol\":1}");
        client.next("welcome");
        return client;
    }

    @Test
    void restBatchBroadcastToMembers() throws Exception {
        FakeProjectDocuments projects = projectWithRect();
        try (TestServer server = server(projects, new InMemoryOpLog())) {
            TestClient alice = join(server, "alice");

            BatchResult result = restApply(server.manager, projects, "p1", "bob",
                    List.of(Op.set("rest-1", "r1", Map.of("opacity", 0.25))));
            JsonNode message = alice.next("ops");

            assertThat(result.applied()).isTrue();
            assertThat(result.revision()).isEqualTo(projects.load("p1").revision());
            assertThat(message.get("author").asText()).isEqualTo("bob");
            assertThat(message.get("seq").asLong()).isEqualTo(1);
            assertThat(message.get("batch").asText()).isEqualTo("rev-" + result.revision());
            assertThat(message.at("/ops/0/props/opacity").asDouble()).isEqualTo(0.25);
            assertThat(opacity(projects.load("p1"))).isEqualTo(0.25);
            assertThat(server.manager.roomOf("p1").appliedSeq()).isEqualTo(1);
            alice.abort();
        }
    }

    @Test
    void submitWithoutRoomReturnsEmpty() throws Exception {
        FakeProjectDocuments projects = projectWithRect();
        try (TestServer server = server(projects, new InMemoryOpLog())) {
            Optional<BatchResult> result = server.manager.submit("p1", "bob",
                    List.of(Op.set("rest-1", "r1", Map.of("opacity", 0.25))));

            assertThat(server.manager.isOpen("p1")).isFalse();
            assertThat(result).isEmpty();
            assertThat(projects.load("p1").nodes().get(1).props()).doesNotContainKey("opacity");
        }
    }

    @Test
    void invalidBatchSameViolationsBothPaths() throws Exception {
        FakeProjectDocuments projects = projectWithRect();
        projects.create("p2");
        projects.apply("p2", List.of(Op.create("setup-1", "r1", NodeType.RECT, "root", Map.of())), "olivia");
        List<Op> invalid = List.of(Op.set("bad-1", "r1", Map.of("x", 5)), Op.set("bad-2", "r1", Map.of("opacity", 2)));
        try (TestServer server = server(projects, new InMemoryOpLog())) {
            TestClient alice = join(server, "alice");

            BatchResult viaRoom = restApply(server.manager, projects, "p1", "bob", invalid);
            BatchResult direct = restApply(server.manager, projects, "p2", "bob", invalid);

            assertThat(server.manager.isOpen("p1")).isTrue();
            assertThat(server.manager.isOpen("p2")).isFalse();
            assertThat(viaRoom.applied()).isFalse();
            assertThat(viaRoom.violations()).isNotEmpty();
            assertThat(viaRoom.violations()).isEqualTo(direct.violations());
            assertThat(viaRoom.violations().get(0).opIndex()).isEqualTo(1);
            assertThat(viaRoom.violations().get(0).path()).isEqualTo("ops[1].props.opacity");
            assertThat(viaRoom.violations().get(0).rule()).isEqualTo("range");
            assertThat(server.manager.roomOf("p1").appliedSeq()).isZero();
            alice.abort();
        }
    }

    @Test
    void failedForwardRetriedInOrder() throws Exception {
        FakeProjectDocuments projects = projectWithRect();
        List<Double> projectOrder = new java.util.concurrent.CopyOnWriteArrayList<>();
        projects.subscribe("p1", change -> projectOrder.add(((Number) change.ops().get(0).props().get("opacity")).doubleValue()));
        try (TestServer server = server(projects, new InMemoryOpLog())) {
            TestClient alice = join(server, "alice");
            projects.failingApplies.set(2);

            alice.send(setOpacity("a1", "alice-1", 0.1));
            alice.next("ack");
            BatchResult result = restApply(server.manager, projects, "p1", "bob",
                    List.of(Op.set("bob-1", "r1", Map.of("opacity", 0.2))));

            assertThat(result.applied()).isTrue();
            assertThat(projects.failingApplies.get()).isZero();
            assertThat(projectOrder).containsExactly(0.1, 0.2);
            assertThat(opacity(projects.load("p1"))).isEqualTo(0.2);
            alice.abort();
        }
    }

    @Test
    void roomOpensAfterDirectApplyUnderLock() throws Exception {
        FakeProjectDocuments projects = projectWithRect();
        try (TestServer server = server(projects, new InMemoryOpLog())) {
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService rest = Executors.newSingleThreadExecutor();
            Future<Boolean> openDuringApply = rest.submit(() -> projects.locked("p1", () -> {
                locked.countDown();
                boolean open = server.manager.isOpen("p1");
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                projects.apply("p1", List.of(Op.set("rest-1", "r1", Map.of("opacity", 0.75))), "bob");
                return open || server.manager.isOpen("p1");
            }));
            assertThat(locked.await(5, TimeUnit.SECONDS)).isTrue();
            TestClient alice = TestClient.connect(server.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            Thread.sleep(200);
            release.countDown();
            JsonNode welcome = alice.next("welcome");

            assertThat(openDuringApply.get(5, TimeUnit.SECONDS)).isFalse();
            assertThat(opacity(welcome.get("snapshot"))).isEqualTo(0.75);
            rest.shutdownNow();
            alice.abort();
        }
    }

    @Test
    void concurrentRestAndLiveEditsConverge() throws Exception {
        FakeProjectDocuments projects = projectWithRect();
        List<Double> projectOrder = new java.util.concurrent.CopyOnWriteArrayList<>();
        projects.subscribe("p1", change -> projectOrder.add(((Number) change.ops().get(0).props().get("opacity")).doubleValue()));
        MongoOpLog opLog = new MongoOpLog(storage);
        long finalSeq;
        double roomValue;
        Map<String, TreeMap<Long, Double>> views = new HashMap<>();

        try (TestServer server = server(projects, opLog)) {
            TestClient alice = join(server, "alice");
            TestClient carol = join(server, "carol");
            Map<String, Map<String, Double>> sent = Map.of("alice", new HashMap<>(), "carol", new HashMap<>());
            ExecutorService rest = Executors.newSingleThreadExecutor();
            Future<?> restEdits = rest.submit(() -> {
                for (int i = 1; i <= ROUNDS; i++) {
                    BatchResult result = restApply(server.manager, projects, "p1", "bob",
                            List.of(Op.set("bob-" + i, "r1", Map.of("opacity", 0.6 + i / 1000.0))));
                    assertThat(result.applied()).isTrue();
                }
            });
            for (int i = 1; i <= ROUNDS; i++) {
                double aliceValue = i / 1000.0;
                double carolValue = 0.3 + i / 1000.0;
                sent.get("alice").put("a" + i, aliceValue);
                sent.get("carol").put("c" + i, carolValue);
                alice.send(setOpacity("a" + i, "alice-" + i, aliceValue));
                carol.send(setOpacity("c" + i, "carol-" + i, carolValue));
            }
            restEdits.get(30, TimeUnit.SECONDS);
            rest.shutdown();

            Room room = server.manager.roomOf("p1");
            assertThat(room.flushNow(10_000)).isTrue();
            finalSeq = room.appliedSeq();
            roomValue = opacity(room.snapshot());
            for (Map.Entry<String, TestClient> client : Map.of("alice", alice, "carol", carol).entrySet()) {
                views.put(client.getKey(), confirmedValues(client.getValue(), sent.get(client.getKey()), finalSeq));
            }

            assertThat(finalSeq).isEqualTo(3L * ROUNDS);
            for (TreeMap<Long, Double> view : views.values()) {
                assertThat(view.keySet()).hasSize((int) finalSeq);
                assertThat(view.lastEntry().getValue()).isEqualTo(roomValue);
            }
            assertThat(views.get("alice")).isEqualTo(views.get("carol"));
            awaitValue(projects, roomValue);
            assertThat(opacity(projects.load("p1"))).isEqualTo(roomValue);
            assertThat(projectOrder).containsExactlyElementsOf(views.get("alice").values());
            assertThat(projects.load("p1").revision()).isEqualTo(room.snapshot().revision());
            alice.abort();
            carol.abort();
        }

        // Reloaded from the collaboration store alone, the room has the same value.
        try (TestServer reloaded = server(null, opLog)) {
            TestClient alice = TestClient.connect(reloaded.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            JsonNode welcome = alice.next("welcome");

            assertThat(welcome.get("seq").asLong()).isEqualTo(finalSeq);
            assertThat(opacity(welcome.get("snapshot"))).isEqualTo(roomValue);
            alice.abort();
        }

        // Reopened next to the projects bundle, the two copies agree, so no resync is needed.
        try (TestServer reopened = server(projects, opLog)) {
            TestClient alice = TestClient.connect(reopened.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":" + finalSeq + "}");
            JsonNode welcome = alice.next("welcome");

            assertThat(welcome.get("mode").asText()).isEqualTo("catch-up");
            assertThat(welcome.get("seq").asLong()).isEqualTo(finalSeq);
            assertThat(opacity(reopened.manager.roomOf("p1").snapshot())).isEqualTo(roomValue);
            alice.abort();
        }
    }

    /**
     * Reads a client's messages until it has seen every sequence number up to {@code finalSeq},
     * and returns the opacity that each confirmed batch set, by sequence number.
     */
    private static TreeMap<Long, Double> confirmedValues(TestClient client, Map<String, Double> sent, long finalSeq)
            throws InterruptedException {
        TreeMap<Long, Double> values = new TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (values.size() < finalSeq && System.nanoTime() < deadline) {
            JsonNode message = client.messages.poll(100, TimeUnit.MILLISECONDS);
            if (message == null) {
                continue;
            }
            switch (message.get("type").asText()) {
                case "ack" -> assertThat(values.put(message.get("seq").asLong(), sent.get(message.get("batch").asText())))
                        .isNull();
                case "ops" -> assertThat(values.put(message.get("seq").asLong(), message.at("/ops/0/props/opacity").asDouble()))
                        .isNull();
                case "rejected" -> throw new AssertionError("Batch rejected: " + message);
                default -> { }
            }
        }
        return values;
    }

    private static void awaitValue(FakeProjectDocuments projects, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (opacity(projects.load("p1")) != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
