package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.web.ProjectRole;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Presence: coalesced broadcasts, follow, and nothing stored. */
class PresenceTest {

    @Test
    void cursorUpdatesAreCoalescedAndNotStored() throws Exception {
        CollabSettings settings = new CollabSettings(256 * 1024, 200, 1000, 1024, 100, 20, 100, 500, 60, 1000, 60, 10,
                false, List.of());
        try (TestServer server = new TestServer(settings, new InMemoryOpLog())) {
            server.grant("p1", "alice", ProjectRole.EDITOR);
            server.grant("p1", "olivia", ProjectRole.VIEWER);
            TestClient alice = TestClient.connect(server.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            String aliceSession = alice.next("welcome").get("session").asText();
            TestClient olivia = TestClient.connect(server.uri("p1"), "olivia");
            olivia.send("{\"type\":\"join\",\"protocol\":1}");
            String oliviaSession = olivia.next("welcome").get("session").asText();

            for (int i = 0; i < 50; i++) {
                alice.send("{\"type\":\"presence\",\"cursor\":{\"x\":" + i + ",\"y\":1},\"selection\":[\"root\"]}");
            }
            olivia.send("{\"type\":\"presence\",\"following\":\"" + aliceSession + "\"}");
            List<JsonNode> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(800);
            while (System.nanoTime() < deadline) {
                JsonNode message = olivia.messages.poll(50, TimeUnit.MILLISECONDS);
                if (message != null && "presence".equals(message.get("type").asText())) {
                    received.add(message);
                }
            }
            JsonNode lastAlice = null;
            JsonNode lastOlivia = null;
            for (JsonNode message : received) {
                for (JsonNode update : message.get("updates")) {
                    if (update.get("session").asText().equals(aliceSession)) {
                        lastAlice = update;
                    } else if (update.get("session").asText().equals(oliviaSession)) {
                        lastOlivia = update;
                    }
                }
            }

            assertThat(received).hasSizeLessThan(15);
            assertThat(lastAlice).isNotNull();
            assertThat(lastAlice.at("/cursor/x").asInt()).isEqualTo(49);
            assertThat(lastAlice.at("/selection/0").asText()).isEqualTo("root");
            assertThat(lastOlivia).isNotNull();
            assertThat(lastOlivia.get("following").asText()).isEqualTo(aliceSession);
            assertThat(server.opLog.all("p1")).isEmpty();
            alice.abort();
            olivia.abort();
        }
    }

    @Test
    void lateJoinerSeesPresenceInWelcome() throws Exception {
        try (TestServer server = new TestServer(CollabSettings.DEFAULTS, new InMemoryOpLog())) {
            server.grant("p1", "alice", ProjectRole.EDITOR);
            server.grant("p1", "olivia", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(server.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            alice.next("welcome");
            alice.send("{\"type\":\"presence\",\"viewport\":{\"x\":0,\"y\":0,\"width\":800,\"height\":600,\"zoom\":2}}");
            alice.next("presence");

            TestClient olivia = TestClient.connect(server.uri("p1"), "olivia");
            olivia.send("{\"type\":\"join\",\"protocol\":1}");
            JsonNode welcome = olivia.next("welcome");

            assertThat(welcome.get("members")).hasSize(1);
            assertThat(welcome.at("/members/0/userId").asText()).isEqualTo("alice");
            assertThat(welcome.at("/members/0/viewport/zoom").asInt()).isEqualTo(2);
            assertThat(welcome.at("/members/0/colour").asText()).isNotEqualTo(welcome.get("colour").asText());
            alice.abort();
            olivia.abort();
        }
    }

    @Test
    void invalidPresenceFieldAnswersError() throws Exception {
        try (TestServer server = new TestServer(CollabSettings.DEFAULTS, new InMemoryOpLog())) {
            server.grant("p1", "alice", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(server.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            alice.next("welcome");

            alice.send("{\"type\":\"presence\",\"cursor\":5}");

            assertThat(alice.next("error").get("code").asText()).isEqualTo("invalid-message");
            alice.abort();
        }
    }
}
