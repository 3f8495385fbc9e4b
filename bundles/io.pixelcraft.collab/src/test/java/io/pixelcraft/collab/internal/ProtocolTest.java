package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.web.ProjectRole;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error path of the protocol, over real WebSocket connections to an embedded Jetty. */
class ProtocolTest {

    private static final CollabSettings SETTINGS = new CollabSettings(4096, 10, 50, 1024, 3, 5, 20, 500, 60, 5, 60,
            1, false, List.of("https://app.example.test"));

    private TestServer server;
    private final OpenClients clients = new OpenClients();

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(SETTINGS, new InMemoryOpLog());
        server.grant("p1", "alice", ProjectRole.EDITOR);
        server.grant("p1", "olivia", ProjectRole.OWNER);
        server.grant("p1", "victor", ProjectRole.VIEWER);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        server.close();
    }

    private TestClient connect(String project, String user) {
        return clients.connect(server.uri(project), user);
    }

    private TestClient joined(String user) throws InterruptedException {
        return clients.joined(server.uri("p1"), user);
    }

    private static String setOp(String batch, String opId, String node, double x) {
        return "{\"type\":\"ops\",\"batch\":\"" + batch + "\",\"ops\":[{\"kind\":\"set\",\"opId\":\"" + opId
                + "\",\"node\":\"" + node + "\",\"props\":{\"width\":" + x + "}}]}";
    }

    @Test
    void joinReturnsSnapshotAndRole() throws Exception {
        TestClient alice = connect("p1", "alice");
        alice.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":null}");

        JsonNode welcome = alice.next("welcome");

        assertThat(welcome.get("protocol").asInt()).isEqualTo(1);
        assertThat(welcome.get("mode").asText()).isEqualTo("snapshot");
        assertThat(welcome.get("seq").asLong()).isZero();
        assertThat(welcome.get("role").asText()).isEqualTo("editor");
        assertThat(welcome.get("colour").asText()).startsWith("#");
        assertThat(welcome.at("/snapshot/nodes/0/id").asText()).isEqualTo("root");
    }

    @Test
    void badJsonAnswersErrorAndKeepsOpen() throws Exception {
        TestClient alice = connect("p1", "alice");

        alice.send("{not json");
        JsonNode error = alice.next("error");
        alice.send("{\"type\":\"ping\",\"id\":7}");

        assertThat(error.get("code").asText()).isEqualTo("bad-json");
        assertThat(alice.next("pong").get("id").asInt()).isEqualTo(7);
    }

    @Test
    void messageWithoutTypeAnswersInvalid() throws Exception {
        TestClient alice = connect("p1", "alice");

        alice.send("[1,2]");

        assertThat(alice.next("error").get("code").asText()).isEqualTo("invalid-message");
    }

    @Test
    void unknownTypeAnswersError() throws Exception {
        TestClient alice = connect("p1", "alice");

        alice.send("{\"type\":\"dance\"}");
        JsonNode error = alice.next("error");

        assertThat(error.get("code").asText()).isEqualTo("unknown-type");
        assertThat(error.get("message").asText()).contains("dance");
    }

    @Test
    void unknownFieldAnswersError() throws Exception {
        TestClient alice = connect("p1", "alice");

        alice.send("{\"type\":\"join\",\"protocol\":1,\"colour\":\"red\"}");
        JsonNode error = alice.next("error");

        assertThat(error.get("code").asText()).isEqualTo("invalid-message");
        assertThat(error.get("message").asText()).contains("colour");
    }

    @Test
    void opsBeforeJoinAnswersNotJoined() throws Exception {
        TestClient alice = connect("p1", "alice");

        alice.send(setOp("b1", "o1", "root", 10));

        assertThat(alice.next("error").get("code").asText()).isEqualTo("not-joined");
    }

    @Test
    void secondJoinAnswersAlreadyJoined() throws Exception {
        TestClient alice = joined("alice");

        alice.send("{\"type\":\"join\",\"protocol\":1}");

        assertThat(alice.next("error").get("code").asText()).isEqualTo("already-joined");
    }

    @Test
    void binaryMessageAnswersError() throws Exception {
        TestClient alice = connect("p1", "alice");

        java.net.http.WebSocket socket = TestClient.HTTP.newWebSocketBuilder()
                .header("Authorization", "Bearer alice")
                .buildAsync(server.uri("p1"), alice).join();
        socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();

        assertThat(alice.next("error").get("code").asText()).isEqualTo("binary-not-supported");
        socket.abort();
    }

    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        TestClient alice = joined("alice");

        alice.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(5000) + "\"}");

        assertThat(alice.awaitClose().code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void viewerOpsRejectedAsForbidden() throws Exception {
        TestClient victor = joined("victor");

        victor.send(setOp("v1", "vo1", "root", 500));
        JsonNode rejected = victor.next("rejected");

        assertThat(rejected.get("batch").asText()).isEqualTo("v1");
        assertThat(rejected.get("code").asText()).isEqualTo("forbidden");
        assertThat(server.opLog.all("p1")).isEmpty();
    }

    @Test
    void viewerReceivesOthersOps() throws Exception {
        TestClient victor = joined("victor");
        TestClient alice = joined("alice");

        alice.send(setOp("a1", "ao1", "root", 640));
        JsonNode ops = victor.next("ops");

        assertThat(ops.get("seq").asLong()).isEqualTo(1);
        assertThat(ops.get("author").asText()).isEqualTo("alice");
        assertThat(ops.get("batch").asText()).isEqualTo("a1");
        assertThat(ops.at("/ops/0/props/width").asDouble()).isEqualTo(640);
    }

    @Test
    void ackComesAfterStore() throws Exception {
        TestClient alice = joined("alice");

        alice.send(setOp("a1", "ao1", "root", 640));
        JsonNode ack = alice.next("ack");

        assertThat(ack.get("batch").asText()).isEqualTo("a1");
        assertThat(ack.get("seq").asLong()).isEqualTo(1);
        assertThat(server.opLog.all("p1")).extracting(LoggedBatch::batch).containsExactly("a1");
    }

    @Test
    void nonMemberClosedLikeMissingProject() throws Exception {
        TestClient bob = connect("p1", "bob");
        TestClient aliceElsewhere = connect("missing", "alice");

        bob.send("{\"type\":\"join\",\"protocol\":1}");
        aliceElsewhere.send("{\"type\":\"join\",\"protocol\":1}");

        assertThat(bob.awaitClose().code()).isEqualTo(CloseCodes.PROJECT_NOT_FOUND);
        assertThat(aliceElsewhere.awaitClose()).isEqualTo(bob.awaitClose());
    }

    @Test
    void editorDemotedMidSessionGetsForbidden() throws Exception {
        TestClient alice = joined("alice");

        server.grant("p1", "alice", ProjectRole.VIEWER);
        alice.send(setOp("a1", "ao1", "root", 640));

        assertThat(alice.next("rejected").get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void memberRemovedMidSessionIsClosed() throws Exception {
        TestClient alice = joined("alice");

        server.memberships.get("p1").remove("alice");
        alice.send("{\"type\":\"presence\",\"cursor\":{\"x\":1,\"y\":2}}");

        assertThat(alice.awaitClose().code()).isEqualTo(CloseCodes.PROJECT_NOT_FOUND);
    }

    @Test
    void removedSilentMemberIsClosed() throws Exception {
        TestClient alice = joined("alice");
        server.manager.revalidateEvery(100, java.util.concurrent.TimeUnit.MILLISECONDS);

        server.memberships.get("p1").remove("alice");

        assertThat(alice.awaitClose().code()).isEqualTo(CloseCodes.PROJECT_NOT_FOUND);
    }

    @Test
    void missingCredentialCloses4401() {
        TestClient anonymous = connect("p1", null);

        assertThat(anonymous.awaitClose().code()).isEqualTo(CloseCodes.UNAUTHENTICATED);
    }

    @Test
    void expiredCredentialCloses4401() {
        TestClient expired = connect("p1", "expired");

        assertThat(expired.awaitClose().code()).isEqualTo(CloseCodes.UNAUTHENTICATED);
    }

    @Test
    void foreignOriginCloses4403() {
        TestClient foreign = TestClient.connect(server.uri("p1"), "alice", "https://evil.example.test", null);
        clients.add(foreign);

        assertThat(foreign.awaitClose().code()).isEqualTo(CloseCodes.FORBIDDEN_ORIGIN);
    }

    @Test
    void sameAndAllowedOriginsJoin() throws Exception {
        TestClient same = TestClient.connect(server.uri("p1"), "alice", "http://127.0.0.1:" + server.port(), null);
        TestClient allowed = TestClient.connect(server.uri("p1"), "olivia", "https://app.example.test", null);
        clients.add(same);
        clients.add(allowed);

        same.send("{\"type\":\"join\",\"protocol\":1}");
        allowed.send("{\"type\":\"join\",\"protocol\":1}");

        assertThat(same.next("welcome").get("userId").asText()).isEqualTo("alice");
        assertThat(allowed.next("welcome").get("userId").asText()).isEqualTo("olivia");
    }

    @Test
    void unsupportedProtocolCloses4400() throws Exception {
        TestClient alice = connect("p1", "alice");

        alice.send("{\"type\":\"join\",\"protocol\":2}");

        assertThat(alice.next("error").get("code").asText()).isEqualTo("unsupported-protocol");
        assertThat(alice.awaitClose().code()).isEqualTo(CloseCodes.PROTOCOL);
    }

    @Test
    void missingJoinClosesAfterTimeout() {
        TestClient alice = connect("p1", "alice");

        assertThat(alice.awaitClose().code()).isEqualTo(CloseCodes.PROTOCOL);
    }

    @Test
    void negativeLastSeqAnswersError() throws Exception {
        TestClient alice = connect("p1", "alice");

        alice.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":-1}");

        assertThat(alice.next("error").get("code").asText()).isEqualTo("invalid-message");
    }

    @Test
    void staleSequenceAheadGetsSnapshot() throws Exception {
        TestClient alice = connect("p1", "alice");

        alice.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":99}");
        JsonNode welcome = alice.next("welcome");

        assertThat(welcome.get("mode").asText()).isEqualTo("snapshot");
        assertThat(welcome.get("resync").asText()).isEqualTo("ahead");
    }

    @Test
    void staleSequenceFarBehindGetsSnapshot() throws Exception {
        TestClient alice = joined("alice");
        for (int i = 1; i <= 7; i++) {
            alice.send(setOp("a" + i, "ao" + i, "root", 100 + i));
            alice.next("ack");
        }

        TestClient late = connect("p1", "olivia");
        late.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":0}");
        JsonNode welcome = late.next("welcome");

        assertThat(welcome.get("mode").asText()).isEqualTo("snapshot");
        assertThat(welcome.get("resync").asText()).isEqualTo("too-far-behind");
        assertThat(welcome.get("seq").asLong()).isEqualTo(7);
        assertThat(welcome.at("/snapshot/nodes/0/props/width").asDouble()).isEqualTo(107);
    }

    @Test
    void recentSequenceGetsCatchUp() throws Exception {
        TestClient alice = joined("alice");
        for (int i = 1; i <= 7; i++) {
            alice.send(setOp("a" + i, "ao" + i, "root", 100 + i));
            alice.next("ack");
        }

        TestClient back = connect("p1", "olivia");
        back.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":4}");
        JsonNode welcome = back.next("welcome");

        assertThat(welcome.get("mode").asText()).isEqualTo("catch-up");
        assertThat(welcome.get("batches")).extracting(b -> b.get("seq").asLong()).containsExactly(5L, 6L, 7L);
    }

    @Test
    void invalidBatchRejectedWithViolations() throws Exception {
        TestClient alice = joined("alice");

        alice.send("{\"type\":\"ops\",\"batch\":\"a1\",\"ops\":[{\"kind\":\"delete\",\"opId\":\"o1\",\"node\":\"root\"}]}");
        JsonNode rejected = alice.next("rejected");

        assertThat(rejected.get("code").asText()).isEqualTo("invalid");
        assertThat(rejected.at("/violations/0/rule").asText()).isEqualTo("root");
        assertThat(rejected.at("/violations/0/path").asText()).isEqualTo("ops[0].node");
    }

    @Test
    void cycleMoveRejected() throws Exception {
        TestClient alice = joined("alice");
        alice.send("{\"type\":\"ops\",\"batch\":\"a1\",\"ops\":["
                + "{\"kind\":\"create\",\"opId\":\"o1\",\"node\":\"g1\",\"type\":\"group\",\"parent\":\"root\"},"
                + "{\"kind\":\"create\",\"opId\":\"o2\",\"node\":\"g2\",\"type\":\"group\",\"parent\":\"g1\"}]}");
        alice.next("ack");

        alice.send("{\"type\":\"ops\",\"batch\":\"a2\",\"ops\":[{\"kind\":\"move\",\"opId\":\"o3\",\"node\":\"g1\",\"parent\":\"g2\"}]}");

        assertThat(alice.next("rejected").at("/violations/0/rule").asText()).isEqualTo("cycle");
    }

    @Test
    void malformedOpRejected() throws Exception {
        TestClient alice = joined("alice");

        alice.send("{\"type\":\"ops\",\"batch\":\"a1\",\"ops\":[{\"kind\":\"set\",\"opId\":\"o1\",\"nodeId\":\"root\"}]}");
        JsonNode rejected = alice.next("rejected");

        assertThat(rejected.get("code").asText()).isEqualTo("invalid");
        assertThat(rejected.get("message").asText()).contains("ops[0]");
    }

    @Test
    void invalidBatchIdAnswersError() throws Exception {
        TestClient alice = joined("alice");

        alice.send("{\"type\":\"ops\",\"batch\":\"has space\",\"ops\":[]}");

        assertThat(alice.next("error").get("code").asText()).isEqualTo("invalid-message");
    }

    @Test
    void resentBatchAckedAsDuplicate() throws Exception {
        TestClient alice = joined("alice");
        alice.send(setOp("a1", "ao1", "root", 640));
        alice.next("ack");

        alice.send(setOp("a1", "ao1", "root", 640));
        JsonNode ack = alice.next("ack");

        assertThat(ack.get("duplicate").asBoolean()).isTrue();
        assertThat(ack.get("seq").isNull()).isTrue();
        assertThat(server.opLog.all("p1")).hasSize(1);
    }

    @Test
    void opRateAboveLimitRejected() throws Exception {
        TestClient alice = joined("alice");
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"kind\":\"set\",\"opId\":\"r").append(i)
                    .append("\",\"node\":\"root\",\"props\":{\"width\":").append(i + 1).append("}}");
        }
        alice.send("{\"type\":\"ops\",\"batch\":\"burst\",\"ops\":[" + ops + "]}");
        alice.next("ack");

        alice.send(setOp("a2", "ao2", "root", 1));
        JsonNode rejected = alice.next("rejected");

        assertThat(rejected.get("code").asText()).isEqualTo("rate-limited");
        assertThat(rejected.get("retryAfterMs").asLong()).isPositive();
    }

    @Test
    void batchAboveBurstRejected() throws Exception {
        TestClient alice = joined("alice");
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"kind\":\"set\",\"opId\":\"r").append(i)
                    .append("\",\"node\":\"root\",\"props\":{\"width\":1}}");
        }

        alice.send("{\"type\":\"ops\",\"batch\":\"big\",\"ops\":[" + ops + "]}");
        JsonNode rejected = alice.next("rejected");

        assertThat(rejected.get("code").asText()).isEqualTo("invalid");
        assertThat(rejected.get("message").asText()).contains("51");
    }

    @Test
    void roomFullCloses4409() throws Exception {
        joined("alice");
        joined("olivia");
        joined("victor");

        TestClient fourth = connect("p1", "alice");
        fourth.send("{\"type\":\"join\",\"protocol\":1}");

        assertThat(fourth.awaitClose().code()).isEqualTo(CloseCodes.ROOM_FULL);
    }

    @Test
    void membersSeeJoinAndLeave() throws Exception {
        TestClient alice = joined("alice");
        TestClient olivia = joined("olivia");

        JsonNode joinedMessage = alice.next("member-joined");
        olivia.abort();
        JsonNode left = alice.next("member-left");

        assertThat(joinedMessage.at("/member/userId").asText()).isEqualTo("olivia");
        assertThat(left.get("session").asText()).isEqualTo(joinedMessage.at("/member/session").asText());
    }
}
