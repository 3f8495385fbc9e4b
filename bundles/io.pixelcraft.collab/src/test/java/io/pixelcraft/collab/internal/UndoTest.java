package io.pixelcraft.collab.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Per-user undo as the protocol describes it: the client records, for each of its own ops, the
 * values it replaced, and undoes by sending a new batch of inverse ops. Properties that another
 * user changed since are left alone, so undo never reverts another user's work. The server
 * treats an undo like any other batch.
 */
class UndoTest {

    /** One undo entry: the inverse ops and, for sets, the values this user wrote. */
    private record UndoEntry(List<Op> inverse, Map<String, Map<String, Object>> written) {
    }

    /** Records the inverse of a batch against the document before the batch is applied. */
    private static UndoEntry record(Document before, List<Op> ops, String opIdPrefix) {
        List<Op> inverse = new ArrayList<>();
        Map<String, Map<String, Object>> written = new HashMap<>();
        int counter = 0;
        for (Op op : ops) {
            String opId = opIdPrefix + (++counter);
            switch (op.kind()) {
                case Op.SET -> {
                    Node node = before.node(op.node()).orElseThrow();
                    Map<String, Object> previous = new HashMap<>();
                    op.props().keySet().forEach(name -> previous.put(name, node.props().get(name)));
                    inverse.add(0, Op.set(opId, op.node(), previous));
                    written.put(op.node(), op.props());
                }
                case Op.CREATE -> inverse.add(0, Op.delete(opId, op.node()));
                case Op.MOVE -> {
                    Node node = before.node(op.node()).orElseThrow();
                    inverse.add(0, new Op(Op.MOVE, opId, op.node(), null, node.parent(), null, node.key(), null));
                }
                default -> throw new IllegalArgumentException("This example does not undo " + op.kind());
            }
        }
        return new UndoEntry(inverse, written);
    }

    /** Drops inverse values of properties that someone else changed after this user wrote them. */
    private static List<Op> undoOps(Document now, UndoEntry entry) {
        List<Op> result = new ArrayList<>();
        for (Op op : entry.inverse()) {
            if (!Op.SET.equals(op.kind())) {
                result.add(op);
                continue;
            }
            Node node = now.node(op.node()).orElse(null);
            if (node == null) {
                continue;
            }
            Map<String, Object> props = new HashMap<>();
            op.props().forEach((name, value) -> {
                Object mine = entry.written().get(op.node()).get(name);
                Object current = node.props().get(name);
                if (Objects.equals(normalise(mine), normalise(current))) {
                    props.put(name, value);
                }
            });
            if (!props.isEmpty()) {
                result.add(Op.set(op.opId(), op.node(), props));
            }
        }
        return result;
    }

    private static Object normalise(Object value) {
        return value instanceof Number number ? number.doubleValue() : value;
    }

    @Test
    void undoKeepsOtherUsersLaterChanges() {
        Document server = new TreeDocumentEngine().create(100, 100);
        server.apply(List.of(
                Op.create("s1", "r1", NodeType.RECT, "root", Map.of("x", 10.0)),
                Op.create("s2", "r2", NodeType.RECT, "root", Map.of("x", 20.0))));

        List<Op> aliceBatch = List.of(Op.set("a1", "r1", Map.of("fill", "#ff0000", "x", 50.0)));
        UndoEntry aliceUndo = record(server, aliceBatch, "a-undo-");
        server.apply(aliceBatch);
        server.apply(List.of(
                Op.set("b1", "r1", Map.of("opacity", 0.5, "x", 70.0)),
                Op.set("b2", "r2", Map.of("x", 99.0))));
        server.apply(undoOps(server, aliceUndo));

        Node r1 = server.node("r1").orElseThrow();
        assertThat(r1.props().get("fill")).isNull();
        assertThat(r1.props().get("opacity")).isEqualTo(0.5);
        assertThat(r1.props().get("x")).isEqualTo(70.0);
        assertThat(server.node("r2").orElseThrow().props().get("x")).isEqualTo(99.0);
    }

    @Test
    void undoOfCreateAndMoveRestoresTree() {
        Document server = new TreeDocumentEngine().create(100, 100);
        server.apply(List.of(
                Op.create("s1", "g1", NodeType.GROUP, "root", Map.of()),
                Op.create("s2", "r1", NodeType.RECT, "root", Map.of())));
        String keyBefore = server.node("r1").orElseThrow().key();

        List<Op> aliceBatch = List.of(
                Op.create("a1", "r2", NodeType.RECT, "g1", Map.of()),
                Op.move("a2", "r1", "g1", 0));
        UndoEntry aliceUndo = record(server, aliceBatch, "a-undo-");
        server.apply(aliceBatch);
        server.apply(undoOps(server, aliceUndo));

        assertThat(server.node("r2")).isEmpty();
        assertThat(server.node("r1").orElseThrow().parent()).isEqualTo("root");
        assertThat(server.node("r1").orElseThrow().key()).isEqualTo(keyBefore);
    }

    @Test
    void redoIsUndoOfTheUndo() {
        Document server = new TreeDocumentEngine().create(100, 100);
        server.apply(List.of(Op.create("s1", "r1", NodeType.RECT, "root", Map.of("x", 10.0))));
        List<Op> aliceBatch = List.of(Op.set("a1", "r1", Map.of("x", 50.0)));
        UndoEntry undo = record(server, aliceBatch, "a-undo-");
        server.apply(aliceBatch);

        List<Op> undoBatch = undoOps(server, undo);
        UndoEntry redo = record(server, undoBatch, "a-redo-");
        server.apply(undoBatch);
        server.apply(undoOps(server, redo));

        assertThat(server.node("r1").orElseThrow().props().get("x")).isEqualTo(50.0);
    }
}
