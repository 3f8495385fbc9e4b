package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pixelcraft.api.web.ProjectRole;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Limits on ping and presence messages, the ping id, and the counting of client errors, over
 * real WebSocket connections.
 */
class ClientLimitsTest {

    /** 5 ping and presence messages per second, in bursts of 10; messages of at most 4096 bytes; 1 s idle timeout. */
    private static final CollabSettings SETTINGS = new CollabSettings(4096, 200, 1000, 1024, 100, 5, 20, 500, 60,
            1000, 1, 10, false, List.of()).withMaxPingPresencePerSecond(5);

    private TestServer server;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OpenClients clients = new OpenClients();

    @AfterEach
    void stop() throws Exception {
        clients.close();
        if (server != null) {
            server.close();
        }
    }

    private TestClient joined(CollabSettings settings) throws Exception {
        server = new TestServer(settings, new InMemoryOpLog());
        server.grant("p1", "alice", ProjectRole.EDITOR);
        server.manager.bindMeterRegistry(registry);
        return clients.joined(server.uri("p1"), "alice");
    }

    /** Returns the messages that arrive until none came for 300 ms. */
    private static List<JsonNode> drain(TestClient client) throws InterruptedException {
        List<JsonNode> messages = new ArrayList<>();
        JsonNode message;
        while ((message = client.messages.poll(300, TimeUnit.MILLISECONDS)) != null) {
            messages.add(message);
        }
        return messages;
    }

    private static long count(List<JsonNode> messages, String type) {
        return messages.stream().filter(message -> type.equals(message.path("type").asText())).count();
    }

    private double clientErrors(String kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        double value = 0;
        while (System.nanoTime() < deadline) {
            Counter counter = registry.find(CollabMetrics.CLIENT_ERRORS).tag("kind", kind).counter();
            value = counter == null ? 0 : counter.count();
            if (value > 0) {
                return value;
            }
            Thread.sleep(20);
        }
        return value;
    }

    @Test
    void pingFloodIsDropped() throws Exception {
        TestClient alice = joined(SETTINGS);

        for (int i = 1; i <= 50; i++) {
            alice.send("{\"type\":\"ping\",\"id\":" + i + "}");
        }
        List<JsonNode> answers = drain(alice);

        // The burst of 10 passes, and 5 per second refill while the 50 messages arrive.
        assertThat(count(answers, "pong")).isBetween(10L, 20L);
        assertThat(count(answers, "error")).isEqualTo(1);
        JsonNode error = answers.stream().filter(m -> "error".equals(m.path("type").asText())).findFirst().orElseThrow();
        assertThat(error.get("code").asText()).isEqualTo("rate-limited");
        assertThat(error.get("message").asText()).contains("ping").contains("5 ping and presence messages per second");
        assertThat(clientErrors(CollabMetrics.RATE_LIMITED)).isGreaterThanOrEqualTo(35);
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void pingAnsweredAfterRefill() throws Exception {
        TestClient alice = joined(SETTINGS);
        for (int i = 1; i <= 30; i++) {
            alice.send("{\"type\":\"ping\",\"id\":" + i + "}");
        }
        drain(alice);

        Thread.sleep(500);
        alice.send("{\"type\":\"ping\",\"id\":\"after\"}");

        assertThat(alice.next("pong").get("id").asText()).isEqualTo("after");
    }

    @Test
    void presenceFloodIsDropped() throws Exception {
        TestClient alice = joined(SETTINGS);

        for (int i = 1; i <= 40; i++) {
            alice.send("{\"type\":\"presence\",\"cursor\":{\"x\":" + i + ",\"y\":1}}");
        }
        List<JsonNode> answers = drain(alice);

        assertThat(count(answers, "error")).isEqualTo(1);
        assertThat(answers).filteredOn(m -> "error".equals(m.path("type").asText()))
                .allSatisfy(m -> assertThat(m.get("message").asText()).contains("presence"));
        assertThat(clientErrors(CollabMetrics.RATE_LIMITED)).isGreaterThanOrEqualTo(25);
    }

    @Test
    void pingIdMustBeShortStringOrInteger() throws Exception {
        TestClient alice = joined(CollabSettings.DEFAULTS);
        String[] invalid = {"\"" + "x".repeat(65) + "\"", "{\"a\":1}", "[1]", "1.5", "1e400", "true",
            "123456789012345678901234567890"};

        for (String id : invalid) {
            alice.send("{\"type\":\"ping\",\"id\":" + id + "}");
            JsonNode error = alice.next("error");
            assertThat(error.get("code").asText()).as("ping id %s", id).isEqualTo("invalid-message");
            assertThat(error.get("message").asText()).as("ping id %s", id).contains("64 characters");
        }
        alice.send("{\"type\":\"ping\",\"id\":\"" + "y".repeat(64) + "\"}");
        JsonNode longest = alice.next("pong");
        alice.send("{\"type\":\"ping\",\"id\":-9007199254740993}");
        JsonNode integer = alice.next("pong");
        alice.send("{\"type\":\"ping\"}");
        JsonNode none = alice.next("pong");

        assertThat(longest.get("id").asText()).hasSize(64);
        assertThat(integer.get("id").asLong()).isEqualTo(-9007199254740993L);
        assertThat(none.has("id")).isFalse();
    }

    @Test
    void oversizedMessageCountedAsClientError() throws Exception {
        TestClient alice = joined(SETTINGS);

        alice.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(5000) + "\"}");

        assertThat(alice.awaitClose().code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
        assertThat(clientErrors(CollabMetrics.MESSAGE_TOO_LARGE)).isEqualTo(1);
    }

    @Test
    void idleTimeoutCountedAsClientError() throws Exception {
        TestClient alice = joined(SETTINGS);

        TestClient.Close close = alice.awaitClose();

        assertThat(close.code()).isEqualTo(1001);
        assertThat(clientErrors(CollabMetrics.IDLE_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void clientErrorKindsOfJettyExceptions() {
        assertThat(Connection.clientErrorKind(new org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException("big")))
                .isEqualTo(CollabMetrics.MESSAGE_TOO_LARGE);
        assertThat(Connection.clientErrorKind(new org.eclipse.jetty.websocket.api.exceptions.BadPayloadException("utf-8")))
                .isEqualTo(CollabMetrics.PROTOCOL_ERROR);
        assertThat(Connection.clientErrorKind(new org.eclipse.jetty.websocket.api.exceptions.ProtocolException("frame")))
                .isEqualTo(CollabMetrics.PROTOCOL_ERROR);
        assertThat(Connection.clientErrorKind(new java.io.IOException("reset"))).isNull();
        assertThat(Connection.clientErrorKind(new IllegalStateException("bug"))).isNull();
    }
}
