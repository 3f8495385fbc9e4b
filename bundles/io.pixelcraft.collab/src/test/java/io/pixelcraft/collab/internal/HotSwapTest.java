package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pixelcraft.api.web.ProjectRole;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restart of the collaboration service: sockets close with 1012 after every acknowledged
 * batch is stored, and a client that reconnects to a new instance resumes from its sequence
 * number and has its resent batches acknowledged as duplicates.
 */
class HotSwapTest {

    private static final CollabSettings SETTINGS = new CollabSettings(256 * 1024, 10_000, 10_000, 10_000, 100, 50, 20,
            500, 60, 1000, 60, 10, false, List.of());

    @Test
    void restartFlushesAcksThenCloses1012() throws Exception {
        InMemoryOpLog opLog = new InMemoryOpLog(1, 40);
        List<String> sent = new ArrayList<>();
        List<Long> ackedSeqs = new ArrayList<>();

        try (TestServer first = new TestServer(SETTINGS, opLog)) {
            first.grant("p1", "alice", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(first.uri("p1"), "alice");
            alice.send("{\"type\":\"join\",\"protocol\":1}");
            alice.next("welcome");
            for (int i = 1; i <= 20; i++) {
                sent.add("b" + i);
                alice.send("{\"type\":\"ops\",\"batch\":\"b" + i + "\",\"ops\":[{\"kind\":\"set\",\"opId\":\"o" + i
                        + "\",\"node\":\"root\",\"props\":{\"width\":" + i + "}}]}");
            }

            // Waits until the room has stored something, so that the restart meets batches in flight.
            ackedSeqs.add(alice.next("ack").get("seq").asLong());
            first.manager.shutdown();
            TestClient.Close close = alice.awaitClose();
            JsonNode message;
            while ((message = alice.messages.poll()) != null) {
                if ("ack".equals(message.get("type").asText())) {
                    ackedSeqs.add(message.get("seq").asLong());
                }
            }

            assertThat(close.code()).isEqualTo(CloseCodes.RESTARTING);
            assertThat(ackedSeqs).isNotEmpty();
            assertThat(opLog.all("p1")).hasSizeGreaterThanOrEqualTo(ackedSeqs.size());
            for (long seq : ackedSeqs) {
                assertThat(opLog.all("p1").get((int) seq - 1).batch()).isEqualTo("b" + seq);
            }
        }

        try (TestServer second = new TestServer(SETTINGS, opLog)) {
            second.grant("p1", "alice", ProjectRole.EDITOR);
            TestClient alice = TestClient.connect(second.uri("p1"), "alice");
            long lastSeq = ackedSeqs.get(ackedSeqs.size() - 1);
            alice.send("{\"type\":\"join\",\"protocol\":1,\"lastSeq\":" + lastSeq + "}");
            JsonNode welcome = alice.next("welcome");
            for (String batch : sent) {
                int i = Integer.parseInt(batch.substring(1));
                alice.send("{\"type\":\"ops\",\"batch\":\"" + batch + "\",\"ops\":[{\"kind\":\"set\",\"opId\":\"o" + i
                        + "\",\"node\":\"root\",\"props\":{\"width\":" + i + "}}]}");
            }
            for (int i = 0; i < sent.size(); i++) {
                alice.next("ack");
            }

            assertThat(welcome.get("seq").asLong()).isEqualTo(opLog.all("p1").size() - countNewAfter(opLog, welcome));
            assertThat(second.manager.roomOf("p1").snapshot().root().props().get("width")).isEqualTo(20.0);
            assertThat(opLog.all("p1")).extracting(LoggedBatch::batch).doesNotHaveDuplicates();
            assertThat(opLog.all("p1")).hasSize(20);
            alice.abort();
        }
    }

    /** Returns how many batches the second instance stored after its welcome, from resent batches that were new. */
    private static long countNewAfter(InMemoryOpLog opLog, JsonNode welcome) {
        return opLog.all("p1").stream().filter(b -> b.seq() > welcome.get("seq").asLong()).count();
    }
}
