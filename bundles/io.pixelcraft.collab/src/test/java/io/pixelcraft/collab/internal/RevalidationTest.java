package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.ProjectRole;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Open connections lose their socket when the credential is revoked or the membership removed,
 * and an editor demoted to viewer is notified and rejected, without sending anything first. Real
 * WebSocket connections to an embedded Jetty.
 */
class RevalidationTest {

    private static final long INTERVAL_MILLIS = 300;

    private TestServer server;
    private final OpenClients clients = new OpenClients();

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(CollabSettings.DEFAULTS, new InMemoryOpLog());
        server.grant("p1", "alice", ProjectRole.EDITOR);
        server.grant("p1", "bob", ProjectRole.EDITOR);
        server.manager.revalidateEvery(INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        server.close();
    }

    private TestClient joined(String user) throws InterruptedException {
        return clients.joined(server.uri("p1"), user);
    }

    private static String setOp(String batch, String opId) {
        return "{\"type\":\"ops\",\"batch\":\"" + batch + "\",\"ops\":[{\"kind\":\"set\",\"opId\":\"" + opId
                + "\",\"node\":\"root\",\"props\":{\"width\":640}}]}";
    }

    @Test
    void signOutClosesSocketWithinInterval() throws Exception {
        TestClient alice = joined("alice");
        TestClient bob = joined("bob");

        long started = System.nanoTime();
        server.revoked.add("token-alice");
        TestClient.Close close = alice.awaitClose();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(close.code()).isEqualTo(CloseCodes.UNAUTHENTICATED);
        assertThat(close.reason()).isEqualTo("Credential has been revoked: sign in again.");
        assertThat(elapsedMillis).as("time to close after revocation, interval %d ms", INTERVAL_MILLIS)
                .isLessThan(INTERVAL_MILLIS + 500);
        assertThat(bob.next("member-left").get("session").asText()).isNotBlank();
        assertThat(bob.isOpen()).isTrue();
    }

    @Test
    void revocationNoticeClosesSocketAtOnce() throws Exception {
        server.manager.revalidateEvery(60, TimeUnit.SECONDS);
        TestClient alice = joined("alice");
        TestClient bob = joined("bob");

        long started = System.nanoTime();
        server.revoked.add("token-alice");
        new RevocationListener(server.manager).credentialsRevoked("alice");
        TestClient.Close close = alice.awaitClose();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(close.code()).isEqualTo(CloseCodes.UNAUTHENTICATED);
        assertThat(elapsedMillis).as("time to close after the notice, with checks every 60 s").isLessThan(2_000);
        assertThat(bob.next("member-left").get("session").asText()).isNotBlank();
        assertThat(bob.isOpen()).isTrue();
    }

    @Test
    void revokedCredentialClosesUnjoinedSocket() {
        TestClient alice = TestClient.connect(server.uri("p1"), "alice");
        clients.add(alice);

        server.revoked.add("token-alice");

        assertThat(alice.awaitClose().code()).isEqualTo(CloseCodes.UNAUTHENTICATED);
    }

    @Test
    void removedMemberIsClosedWithReason() throws Exception {
        TestClient alice = joined("alice");

        server.memberships.get("p1").remove("alice");
        TestClient.Close close = alice.awaitClose();

        assertThat(close.code()).isEqualTo(CloseCodes.PROJECT_NOT_FOUND);
        assertThat(close.reason()).contains("removed");
    }

    @Test
    void demotedEditorNotifiedAndOpRejected() throws Exception {
        TestClient alice = joined("alice");

        server.grant("p1", "alice", ProjectRole.VIEWER);
        JsonNode notice = alice.next("role-changed");
        alice.send(setOp("a1", "ao1"));
        JsonNode rejected = alice.next("rejected");

        assertThat(notice.get("role").asText()).isEqualTo("viewer");
        assertThat(notice.get("message").asText()).contains("viewer");
        assertThat(rejected.get("batch").asText()).isEqualTo("a1");
        assertThat(rejected.get("code").asText()).isEqualTo("forbidden");
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void promotedViewerNotifiedAndMayEdit() throws Exception {
        server.grant("p1", "victor", ProjectRole.VIEWER);
        TestClient victor = joined("victor");

        server.grant("p1", "victor", ProjectRole.EDITOR);
        JsonNode notice = victor.next("role-changed");
        victor.send(setOp("v1", "vo1"));

        assertThat(notice.get("role").asText()).isEqualTo("editor");
        assertThat(victor.next("ack").get("batch").asText()).isEqualTo("v1");
    }

    @Test
    void failedCheckKeepsSocketOpen() throws Exception {
        TestClient alice = joined("alice");

        server.validatorFailure = new IllegalStateException("store unreachable");
        Thread.sleep(3 * INTERVAL_MILLIS);
        alice.send("{\"type\":\"ping\",\"id\":1}");
        JsonNode pong = alice.next("pong");
        server.validatorFailure = null;
        server.revoked.add("token-alice");

        assertThat(pong.get("id").asInt()).isEqualTo(1);
        assertThat(alice.awaitClose().code()).isEqualTo(CloseCodes.UNAUTHENTICATED);
    }

    @Test
    void unavailableProjectServiceKeepsSocketOpen() throws Exception {
        TestClient alice = joined("alice");

        server.authorizerFailure = ApiException.unavailable("Projects service not running", 5);
        Thread.sleep(3 * INTERVAL_MILLIS);
        server.authorizerFailure = null;
        alice.send("{\"type\":\"ping\",\"id\":2}");

        assertThat(alice.next("pong").get("id").asInt()).isEqualTo(2);
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void checksAreSpreadOverInterval() throws Exception {
        for (int i = 0; i < 20; i++) {
            server.grant("p1", "user" + i, ProjectRole.EDITOR);
            joined("user" + i);
        }
        List<Long> checkedAt = Collections.synchronizedList(new ArrayList<>());
        server.manager.bindCredentialValidator(principal -> checkedAt.add(System.nanoTime()));
        server.manager.revalidateEvery(2, TimeUnit.SECONDS);

        Thread.sleep(2_200);

        List<Long> first = new ArrayList<>(checkedAt.subList(0, Math.min(20, checkedAt.size())));
        long spreadMillis = TimeUnit.NANOSECONDS.toMillis(Collections.max(first) - Collections.min(first));
        assertThat(first).hasSize(20);
        assertThat(spreadMillis).as("time between the first and the last check of 20 connections").isGreaterThan(500);
    }

    @Test
    void closeReasonFitsCloseFrame() {
        String reason = Connection.closeReason("é".repeat(100));

        assertThat(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(Connection.closeReason(null)).contains("sign in again");
    }
}
