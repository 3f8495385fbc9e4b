package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.account.CredentialValidator;
import io.pixelcraft.api.web.ProjectRole;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Restarts of what the collaboration endpoint depends on, done the way DS and the servlet
 * whiteboard do them while the room manager stays active. After a configuration change, the
 * accounts component's services go away and come back. After a port change, the HTTP server
 * destroys the servlet and initialises it again. Joins work again afterwards.
 */
class DependencyRestartTest {

    private static final CollabSettings SETTINGS = new CollabSettings(256 * 1024, 10_000, 10_000, 10_000, 100, 50, 20,
            500, 60, 1000, 60, 10, false, List.of());
    private static final String JOIN = "{\"type\":\"join\",\"protocol\":1}";

    @Test
    void accountsRestartKeepsSocketsAndJoins() throws Exception {
        try (TestServer server = new TestServer(SETTINGS, new InMemoryOpLog(1, 40))) {
            server.grant("p1", "alice", ProjectRole.EDITOR);
            server.grant("p1", "bob", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(server.uri("p1"), "alice");
            alice.send(JOIN);
            alice.next("welcome");

            // The accounts component deactivates: DS unbinds its services from both components.
            CredentialValidator oldValidator = principal -> { };
            server.manager.bindCredentialValidator(oldValidator);
            server.servlet.authenticator(null);
            server.manager.unbindCredentialValidator(oldValidator);

            TestClient duringRestart = TestClient.connect(server.uri("p1"), "bob");
            TestClient.Close rejected = duringRestart.awaitClose();
            assertThat(rejected.code()).isEqualTo(CloseCodes.RESTARTING);

            // The accounts component activates again with new service objects.
            server.servlet.authenticator(TestServer.bearerAuthenticator());
            server.manager.bindCredentialValidator(principal -> { });

            TestClient bob = TestClient.connect(server.uri("p1"), "bob");
            bob.send(JOIN);
            JsonNode welcome = bob.next("welcome");
            assertThat(welcome.get("seq").asLong()).isZero();

            alice.send("{\"type\":\"ops\",\"batch\":\"a1\",\"ops\":[{\"kind\":\"set\",\"opId\":\"a1:1\","
                    + "\"node\":\"root\",\"props\":{\"width\":640}}]}");
            assertThat(alice.next("ack").get("seq").asLong()).isEqualTo(1);
            assertThat(bob.next("ops").get("seq").asLong()).isEqualTo(1);
            assertThat(alice.isOpen()).isTrue();
            alice.abort();
            bob.abort();
        }
    }

    @Test
    void endpointReinitAcceptsJoins() throws Exception {
        try (TestServer server = new TestServer(SETTINGS, new InMemoryOpLog(1, 40))) {
            server.grant("p1", "alice", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(server.uri("p1"), "alice");
            alice.send(JOIN);
            alice.next("welcome");
            alice.send("{\"type\":\"ops\",\"batch\":\"a1\",\"ops\":[{\"kind\":\"set\",\"opId\":\"a1:1\","
                    + "\"node\":\"root\",\"props\":{\"width\":640}}]}");
            alice.next("ack");

            server.restartEndpoint();

            TestClient.Close closed = alice.awaitClose();
            assertThat(closed.code()).isEqualTo(CloseCodes.RESTARTING);
            assertThat(server.manager.endpointState()).isEqualTo(RoomManager.EndpointState.INITIALISED);

            TestClient again = TestClient.connect(server.uri("p1"), "alice");
            again.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":1}");
            JsonNode welcome = again.next("welcome");
            assertThat(welcome.get("seq").asLong()).isEqualTo(1);
            again.send("{\"type\":\"ops\",\"batch\":\"a2\",\"ops\":[{\"kind\":\"set\",\"opId\":\"a2:1\","
                    + "\"node\":\"root\",\"props\":{\"width\":800}}]}");
            assertThat(again.next("ack").get("seq").asLong()).isEqualTo(2);
            again.abort();
        }
    }

    @Test
    void destroyedEndpointRejectsJoins() throws Exception {
        try (TestServer server = new TestServer(SETTINGS, new InMemoryOpLog(1, 40))) {
            server.manager.endpointDestroyed();

            Room.JoinResult result = server.manager.join("p1", null, null);

            assertThat(result.closeCode()).isEqualTo(CloseCodes.RESTARTING);
            server.manager.endpointInitialised();
            assertThat(server.manager.endpointState()).isEqualTo(RoomManager.EndpointState.INITIALISED);
        }
    }
}
