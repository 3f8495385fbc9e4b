package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.testing.TestStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The MongoDB op log against a real wire-protocol server (mongo-java-server, memory backend). */
class MongoOpLogTest {

    private final TestStorage storage = new TestStorage();
    private final MongoOpLog opLog = new MongoOpLog(storage);

    @AfterEach
    void close() {
        storage.close();
    }

    private static LoggedBatch batch(long seq) {
        return new LoggedBatch(seq, "alice", "b" + seq, List.of(Op.set("o" + seq, "root", Map.of("width", (double) seq))));
    }

    @Test
    void emptyProjectLoadsNothing() {
        OpLog.Stored stored = opLog.load("p1");

        assertThat(stored.snapshot()).isEmpty();
        assertThat(stored.batches()).isEmpty();
    }

    @Test
    void appendedBatchesLoadInOrder() {
        List<LoggedBatch> batches = new ArrayList<>();
        for (long seq = 1; seq <= 600; seq++) {
            batches.add(batch(seq));
        }

        opLog.append("p1", batches.subList(0, 300));
        opLog.append("p1", batches.subList(300, 600));
        opLog.append("p2", List.of(batch(1)));
        OpLog.Stored stored = opLog.load("p1");

        assertThat(stored.batches()).hasSize(600);
        assertThat(stored.batches()).extracting(LoggedBatch::seq).isSorted();
        assertThat(stored.batches().get(599)).isEqualTo(batches.get(599));
        assertThat(opLog.load("p2").batches()).hasSize(1);
    }

    @Test
    void snapshotLimitsLoadedBatches() {
        Document document = new TreeDocumentEngine().create(100, 100);
        document.apply(List.of(Op.create("c1", "r1", NodeType.RECT, "root", Map.of("x", 5.0))));
        opLog.append("p1", List.of(batch(1), batch(2), batch(3)));

        opLog.saveSnapshot("p1", new OpLog.StoredSnapshot(2, document.snapshot()));
        OpLog.Stored stored = opLog.load("p1");

        assertThat(stored.snapshot()).isPresent();
        assertThat(stored.snapshot().get().seq()).isEqualTo(2);
        assertThat(stored.snapshot().get().document().nodes()).isEqualTo(document.snapshot().nodes());
        assertThat(stored.batches()).extracting(LoggedBatch::seq).containsExactly(3L);
    }

    @Test
    void sinceStopsAtMaximum() {
        opLog.append("p1", List.of(batch(1), batch(2), batch(3), batch(4)));

        assertThat(opLog.since("p1", 1, 2)).extracting(LoggedBatch::seq).containsExactly(2L, 3L);
        assertThat(opLog.since("p1", 3, 10)).extracting(LoggedBatch::seq).containsExactly(4L);
    }

    @Test
    void rangeReadsPastMissingSequenceNumbers() {
        List<LoggedBatch> batches = new ArrayList<>();
        for (long seq = 1; seq <= 600; seq++) {
            if (seq != 4 && seq != 300) {
                batches.add(batch(seq));
            }
        }
        opLog.append("p1", batches);

        List<LoggedBatch> all = opLog.range("p1", 1, 600);
        List<LoggedBatch> middle = opLog.range("p1", 250, 350);

        assertThat(all).extracting(LoggedBatch::seq).hasSize(598).isSorted().doesNotContain(4L, 300L);
        assertThat(middle).extracting(LoggedBatch::seq).hasSize(100).startsWith(250L).endsWith(350L);
        assertThat(opLog.range("p1", 0, 3)).extracting(LoggedBatch::seq).containsExactly(1L, 2L, 3L);
        assertThat(opLog.range("p1", 7, 6)).isEmpty();
    }

    @Test
    void roomReopensFromStoredLog() throws Exception {
        CollabSettings settings = CollabSettings.DEFAULTS;
        RoomManager first = new RoomManager(new TreeDocumentEngine(), opLog, (caller, access, id) -> java.util.Optional.empty(), settings);
        Member member = new Member("s1", new io.pixelcraft.api.web.Principal("alice", "a@example.test", "Alice", false,
                io.pixelcraft.api.web.Principal.AuthMethod.TOKEN, "t1"), io.pixelcraft.api.web.ProjectRole.EDITOR,
                new Outbox(NoopSession.create(), 100, "s1"));
        Room room = first.join("p1", member, null).room();
        room.submit(member, "b1", List.of(Op.create("c1", "r1", NodeType.RECT, "root", Map.of("x", 5.0))));
        room.submit(member, "b2", List.of(Op.set("c2", "r1", Map.of("y", 7.0))));
        first.shutdown();

        RoomManager second = new RoomManager(new TreeDocumentEngine(), opLog, (caller, access, id) -> java.util.Optional.empty(), settings);
        Member again = new Member("s2", member.principal, io.pixelcraft.api.web.ProjectRole.EDITOR,
                new Outbox(NoopSession.create(), 100, "s2"));
        Room reopened = second.join("p1", again, 2L).room();

        assertThat(reopened.appliedSeq()).isEqualTo(2);
        assertThat(reopened.snapshot().nodes()).isEqualTo(room.snapshot().nodes());
        second.shutdown();
    }
}
