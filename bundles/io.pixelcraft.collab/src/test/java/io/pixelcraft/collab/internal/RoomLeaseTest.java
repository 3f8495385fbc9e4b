package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.model.Filters;
import io.pixelcraft.api.collab.RemoteRoom;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.testing.TestStorage;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two collaboration nodes, each a room manager and servlet on its own Jetty port, sharing one
 * MongoDB wire-protocol server (mongo-java-server, memory backend), as two nodes behind one load
 * balancer would.
 */
class RoomLeaseTest {

    private static final String URL_A = "https://node-a.example.org";
    private static final String URL_B = "https://node-b.example.org";
    private static final Duration LEASE = Duration.ofMillis(1500);
    private static final Duration RENEW = Duration.ofMillis(300);

    private final TestStorage storage = new TestStorage();
    private final List<CollabNode> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws Exception {
        for (CollabNode node : nodes) {
            node.close();
        }
        storage.close();
    }

    /**
     * One node: a room manager with leases on the shared store, and the servlet on its own port.
     * Every signed-in user is an editor of every project.
     */
    private final class CollabNode implements AutoCloseable {

        final RoomLeases leases;
        final RoomManager manager;
        private final TestServer server;

        CollabNode(String nodeId, String advertisedUrl) throws Exception {
            leases = new RoomLeases(storage, new RoomLeases.Settings(nodeId, advertisedUrl, LEASE, RENEW));
            server = new TestServer(CollabSettings.DEFAULTS, new MongoOpLog(storage), new TreeDocumentEngine(), 0,
                    (projectId, userId) -> ProjectRole.EDITOR, leases);
            manager = server.manager;
            nodes.add(this);
        }

        URI uri(String projectId) {
            return server.uri(projectId);
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private static TestClient join(CollabNode node, String user, Long lastSeq) {
        TestClient client = TestClient.connect(node.uri("p1"), user);
        client.send("{\"type\":\"join\",\"protocol\":1" + (lastSeq == null ? "" : ",\"lastSeq\":" + lastSeq) + "}");
        return client;
    }

    private static String setWidth(String batch, String opId, int width) {
        return "{\"type\":\"ops\",\"batch\":\"" + batch + "\",\"ops\":[{\"kind\":\"set\",\"opId\":\"" + opId
                + "\",\"node\":\"root\",\"props\":{\"width\":" + width + "}}]}";
    }

    private static void await(BooleanSupplier condition, String description) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after 5 s waiting until " + description);
            }
            Thread.sleep(20);
        }
    }

    private Document storedLease(String projectId) {
        return storage.database().getCollection(RoomLeases.COLLECTION).find(Filters.eq("_id", projectId)).first();
    }

    @Test
    void secondNodeMisdirectsJoin() throws Exception {
        CollabNode a = new CollabNode("node-a", URL_A);
        CollabNode b = new CollabNode("node-b", URL_B);
        TestClient alice = join(a, "alice", null);
        alice.next("welcome");

        TestClient bob = join(b, "bob", null);
        TestClient.Close close = bob.awaitClose();

        assertThat(close.code()).isEqualTo(CloseCodes.MISDIRECTED);
        assertThat(close.reason()).isEqualTo("Open on another node: " + URL_A);
        assertThat(b.manager.roomCount()).isZero();
        assertThat(b.manager.remoteRoom("p1")).contains(new RemoteRoom("node-a", URL_A));
        assertThat(a.manager.remoteRoom("p1")).isEmpty();
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void misdirectWithoutUrlOmitsIt() throws Exception {
        CollabNode a = new CollabNode("node-a", "");
        CollabNode b = new CollabNode("node-b", URL_B);
        join(a, "alice", null).next("welcome");

        TestClient.Close close = join(b, "bob", null).awaitClose();

        assertThat(close.code()).isEqualTo(CloseCodes.MISDIRECTED);
        assertThat(close.reason()).isEqualTo("Open on another node");
    }

    @Test
    void closedRoomMovesToOtherNode() throws Exception {
        CollabNode a = new CollabNode("node-a", URL_A);
        CollabNode b = new CollabNode("node-b", URL_B);
        TestClient alice = join(a, "alice", null);
        alice.next("welcome");
        alice.send(setWidth("b1", "o1", 640));
        assertThat(alice.next("ack").get("seq").asLong()).isEqualTo(1);

        alice.abort();
        await(() -> a.manager.roomOf("p1").memberCount() == 0, "alice has left the room on node-a");
        a.manager.closeIdleRooms(0);
        TestClient bob = join(b, "bob", null);
        JsonNode welcome = bob.next("welcome");

        assertThat(a.manager.roomCount()).isZero();
        assertThat(welcome.get("seq").asLong()).isEqualTo(1);
        assertThat(b.manager.roomOf("p1").snapshot().root().props()).containsEntry("width", 640.0);
        assertThat(a.manager.remoteRoom("p1")).contains(new RemoteRoom("node-b", URL_B));
        assertThat(((Number) storedLease("p1").get("generation")).longValue()).isEqualTo(2);
        assertThat(b.manager.rooms()).singleElement().extracting(RoomInfo::leaseGeneration).isEqualTo(2L);
        assertThat(b.manager.nodeId()).isEqualTo("node-b");
    }

    @Test
    void stoppedNodeReleasesLease() throws Exception {
        CollabNode a = new CollabNode("node-a", URL_A);
        CollabNode b = new CollabNode("node-b", URL_B);
        TestClient alice = join(a, "alice", null);
        alice.next("welcome");

        a.close();
        TestClient.Close restart = alice.awaitClose();
        TestClient bob = join(b, "bob", null);

        assertThat(restart.code()).isEqualTo(CloseCodes.RESTARTING);
        assertThat(bob.next("welcome").get("seq").asLong()).isZero();
    }

    @Test
    void stalledRenewalHandsOverAfterExpiry() throws Exception {
        CollabNode a = new CollabNode("node-a", URL_A);
        CollabNode b = new CollabNode("node-b", URL_B);
        TestClient alice = join(a, "alice", null);
        alice.next("welcome");
        alice.send(setWidth("b1", "o1", 640));
        alice.next("ack");

        a.leases.stopRenewing();
        TestClient.Close close = alice.awaitClose();
        Instant closedAt = Instant.now();
        Date expiresAt = storedLease("p1").getDate("expiresAt");
        TestClient bob = null;
        JsonNode welcome = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (welcome == null && System.nanoTime() < deadline) {
            TestClient attempt = join(b, "bob", null);
            await(() -> !attempt.messages.isEmpty() || !attempt.isOpen(), "node-b answers the join");
            if (!attempt.messages.isEmpty()) {
                bob = attempt;
                welcome = attempt.next("welcome");
            } else {
                assertThat(attempt.awaitClose().code()).isEqualTo(CloseCodes.MISDIRECTED);
                Thread.sleep(50);
            }
        }
        Instant takenOverAt = Instant.now();

        assertThat(close.code()).isEqualTo(CloseCodes.UNAVAILABLE);
        assertThat(closedAt).isBefore(expiresAt.toInstant());
        assertThat(welcome).as("bob joins node-b after node-a's lease expired").isNotNull();
        assertThat(takenOverAt).isAfterOrEqualTo(expiresAt.toInstant());
        assertThat(welcome.get("seq").asLong()).isEqualTo(1);
        assertThat(a.manager.roomCount()).isZero();
        assertThat(storedLease("p1").getString("node")).isEqualTo("node-b");
        bob.send(setWidth("b2", "o2", 800));
        assertThat(bob.next("ack").get("seq").asLong()).isEqualTo(2);
    }

    @Test
    void lateWriteOfOldHolderCollides() {
        MongoOpLog opLog = new MongoOpLog(storage);
        LoggedBatch byOldHolder = new LoggedBatch(3, "alice", "late", List.of(Op.set("o-late", "root", Map.of("width", 1.0))));
        LoggedBatch byNewHolder = new LoggedBatch(3, "bob", "b3", List.of(Op.set("o3", "root", Map.of("width", 3.0))));
        opLog.append("p1", List.of(batch(1), batch(2)));
        opLog.append("p1", List.of(byNewHolder));

        assertThatThrownBy(() -> opLog.append("p1", List.of(byOldHolder, batch(4))))
                .isInstanceOf(OpLogConflictException.class)
                .hasMessageContaining("seq 3 to 4");
        assertThat(opLog.since("p1", 2, 10)).containsExactly(byNewHolder);
    }

    @Test
    void roomClosesOnConflictingWrite() throws Exception {
        CollabNode b = new CollabNode("node-b", URL_B);
        TestClient bob = join(b, "bob", null);
        bob.next("welcome");
        // A write that an old holder started before its lease ended and that lands after node-b loaded the log.
        new MongoOpLog(storage).append("p1", List.of(new LoggedBatch(1, "alice", "late",
                List.of(Op.set("o-late", "root", Map.of("height", 480.0))))));

        bob.send(setWidth("b1", "o1", 640));
        TestClient.Close close = bob.awaitClose();
        TestClient again = join(b, "bob", 0L);
        JsonNode welcome = again.next("welcome");
        again.send(setWidth("b1", "o1", 640));
        JsonNode ack = again.next("ack");

        assertThat(close.code()).isEqualTo(CloseCodes.RESTARTING);
        assertThat(welcome.get("seq").asLong()).isEqualTo(1);
        assertThat(welcome.get("batches").get(0).get("batch").asText()).isEqualTo("late");
        assertThat(ack.get("seq").asLong()).isEqualTo(2);
        assertThat(new MongoOpLog(storage).since("p1", 0, 10)).extracting(LoggedBatch::batch)
                .containsExactly("late", "b1");
    }

    @Test
    void staleSnapshotRejected() {
        MongoOpLog opLog = new MongoOpLog(storage);
        io.pixelcraft.api.document.Document document = new TreeDocumentEngine().create(100, 100);
        opLog.saveSnapshot("p1", new OpLog.StoredSnapshot(5, document.snapshot()), 2);

        assertThatThrownBy(() -> opLog.saveSnapshot("p1", new OpLog.StoredSnapshot(4, document.snapshot()), 1))
                .isInstanceOf(OpLogConflictException.class);
        opLog.saveSnapshot("p1", new OpLog.StoredSnapshot(6, document.snapshot()), 2);
        assertThat(opLog.load("p1").snapshot().orElseThrow().seq()).isEqualTo(6);
    }

    private static LoggedBatch batch(long seq) {
        return new LoggedBatch(seq, "alice", "b" + seq, List.of(Op.set("o" + seq, "root", Map.of("width", (double) seq))));
    }
}
