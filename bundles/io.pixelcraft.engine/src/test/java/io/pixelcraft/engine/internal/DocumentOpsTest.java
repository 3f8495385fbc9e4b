package io.pixelcraft.engine.internal;

import static io.pixelcraft.engine.internal.Fixtures.childIds;
import static io.pixelcraft.engine.internal.Fixtures.create;
import static io.pixelcraft.engine.internal.Fixtures.opId;
import static io.pixelcraft.engine.internal.Fixtures.props;
import static io.pixelcraft.engine.internal.Fixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FractionalKeys;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import io.pixelcraft.api.document.Property;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentOpsTest {

    private final Document document = Fixtures.document();

    private BatchResult apply(Op... ops) {
        return document.apply(List.of(ops));
    }

    private void applyOk(Op... ops) {
        BatchResult result = apply(ops);
        assertThat(result.violations()).isEmpty();
        assertThat(result.applied()).isTrue();
    }

    @Test
    void createStoresNormalisedProperties() {
        BatchResult result = apply(create("r1", NodeType.RECT, "root", "x", 10, "y", 20.5, "fill", "#FF0000", "name", "Box"));

        assertThat(result.applied()).isTrue();
        assertThat(result.revision()).isEqualTo(1);
        assertThat(result.outcomes()).extracting(OpOutcome::status).containsExactly(OpOutcome.APPLIED);
        Node node = document.node("r1").orElseThrow();
        assertThat(node.type()).isEqualTo("rect");
        assertThat(node.parent()).isEqualTo("root");
        assertThat(node.props()).containsEntry("x", 10.0).containsEntry("y", 20.5).containsEntry("fill", "#ff0000");
        assertThat(node.number(Property.OPACITY)).isEqualTo(1.0);
        assertThat(document.nodeCount()).isEqualTo(2);
    }

    @Test
    void createEveryNodeType() {
        applyOk(create("f", NodeType.FRAME, "root"),
                create("g", NodeType.GROUP, "f"),
                create("i", NodeType.IMAGE, "g", "image", "a".repeat(64), "cropX", 0.25),
                create("r", NodeType.RECT, "g", "cornerRadius", 4),
                create("e", NodeType.ELLIPSE, "g"),
                create("l", NodeType.LINE, "g", "strokeWidth", 3),
                create("p", NodeType.PATH, "g", "d", "M0 0 L10 10 h5 v5 C1 2 3 4 5 6 q1 1 2 2 z"),
                create("t", NodeType.TEXT, "g", "text", "Hello", "fontWeight", 700, "textAlign", "center"));

        assertThat(childIds(document, "g")).containsExactly("i", "r", "e", "l", "p", "t");
    }

    @Test
    void createAtIndexOrdersSiblings() {
        applyOk(create("a", NodeType.RECT, "root"), create("b", NodeType.RECT, "root"));
        applyOk(Op.createAt(opId(), "c", NodeType.RECT, "root", 0, Map.of()),
                Op.createAt(opId(), "d", NodeType.RECT, "root", 2, Map.of()));

        assertThat(childIds(document, "root")).containsExactly("c", "a", "d", "b");
    }

    @Test
    void createWithClientKey() {
        applyOk(create("a", NodeType.RECT, "root"));
        String below = FractionalKeys.between(null, document.node("a").orElseThrow().key());
        applyOk(new Op(Op.CREATE, opId(), "b", "rect", "root", null, below, null));

        assertThat(childIds(document, "root")).containsExactly("b", "a");
        assertThat(document.node("b").orElseThrow().key()).isEqualTo(below);
    }

    @Test
    void clientKeyCollisionPlacesNodeAbove() {
        applyOk(create("a", NodeType.RECT, "root"), create("c", NodeType.RECT, "root"));
        String taken = document.node("a").orElseThrow().key();
        applyOk(new Op(Op.CREATE, opId(), "b", "rect", "root", null, taken, null));

        assertThat(childIds(document, "root")).containsExactly("a", "b", "c");
    }

    @Test
    void setChangesAndResetsProperties() {
        applyOk(create("r", NodeType.RECT, "root", "opacity", 0.5, "name", "Box"));
        applyOk(set("r", "opacity", 0.25, "name", null));

        Node node = document.node("r").orElseThrow();
        assertThat(node.props()).containsEntry("opacity", 0.25).doesNotContainKey("name");
        assertThat(node.string(Property.NAME)).isEmpty();
    }

    @Test
    void setRootCanvasSize() {
        applyOk(set("root", "width", 4000, "height", 3000, "fill", "#000000"));

        assertThat(document.node("root").orElseThrow().number(Property.WIDTH)).isEqualTo(4000.0);
    }

    @Test
    void deleteRemovesSubtree() {
        applyOk(create("g", NodeType.GROUP, "root"), create("r", NodeType.RECT, "g"), create("t", NodeType.TEXT, "g"));
        applyOk(Op.delete(opId(), "g"));

        assertThat(document.node("g")).isEmpty();
        assertThat(document.node("r")).isEmpty();
        assertThat(document.nodeCount()).isEqualTo(1);
        assertThat(document.snapshot().deleted()).containsExactly("g", "r", "t");
    }

    @Test
    void deleteWinsOverLaterEdits() {
        applyOk(create("g", NodeType.GROUP, "root"), create("r", NodeType.RECT, "g"), create("other", NodeType.GROUP, "root"));
        applyOk(Op.delete(opId(), "g"));

        BatchResult result = apply(set("r", "opacity", 0.5),
                Op.move(opId(), "r", "other", null),
                Op.delete(opId(), "g"),
                create("child", NodeType.RECT, "g"),
                create("r", NodeType.RECT, "root"),
                Op.move(opId(), "other", "g", null));

        assertThat(result.applied()).isTrue();
        assertThat(result.outcomes()).extracting(OpOutcome::status).containsOnly(OpOutcome.DELETED_TARGET);
        assertThat(result.changed()).isFalse();
        assertThat(result.revision()).isEqualTo(2);
        assertThat(document.nodeCount()).isEqualTo(2);
    }

    @Test
    void moveToOtherParent() {
        applyOk(create("a", NodeType.GROUP, "root"), create("b", NodeType.FRAME, "root"), create("r", NodeType.RECT, "a"));
        applyOk(Op.move(opId(), "r", "b", 0));

        assertThat(document.node("r").orElseThrow().parent()).isEqualTo("b");
        assertThat(childIds(document, "a")).isEmpty();
        assertThat(childIds(document, "b")).containsExactly("r");
    }

    @Test
    void moveWithinParentChangesOnlyThatKey() {
        applyOk(create("a", NodeType.RECT, "root"), create("b", NodeType.RECT, "root"), create("c", NodeType.RECT, "root"));
        String keyA = document.node("a").orElseThrow().key();
        String keyB = document.node("b").orElseThrow().key();
        applyOk(Op.move(opId(), "c", null, 0));

        assertThat(childIds(document, "root")).containsExactly("c", "a", "b");
        assertThat(document.node("a").orElseThrow().key()).isEqualTo(keyA);
        assertThat(document.node("b").orElseThrow().key()).isEqualTo(keyB);

        applyOk(Op.move(opId(), "c", null, 2));
        assertThat(childIds(document, "root")).containsExactly("a", "b", "c");
        applyOk(Op.move(opId(), "a", null, 1));
        assertThat(childIds(document, "root")).containsExactly("b", "a", "c");
    }

    @Test
    void moveToOwnKeyKeepsIt() {
        applyOk(create("a", NodeType.RECT, "root"), create("b", NodeType.RECT, "root"));
        String keyA = document.node("a").orElseThrow().key();
        applyOk(new Op(Op.MOVE, opId(), "a", null, null, null, keyA, null));

        assertThat(document.node("a").orElseThrow().key()).isEqualTo(keyA);
        assertThat(childIds(document, "root")).containsExactly("a", "b");
    }

    @Test
    void batchIsAtomic() {
        applyOk(create("a", NodeType.GROUP, "root"), create("r", NodeType.RECT, "a", "opacity", 0.5), create("b", NodeType.GROUP, "root"));
        DocumentSnapshot before = document.snapshot();

        BatchResult result = apply(create("n", NodeType.RECT, "root"),
                set("r", "opacity", 0.1, "name", null),
                Op.move(opId(), "r", "b", null),
                Op.delete(opId(), "a"),
                set("b", "opacity", 7));

        assertThat(result.applied()).isFalse();
        assertThat(result.outcomes()).isEmpty();
        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.opIndex()).isEqualTo(4);
            assertThat(v.path()).isEqualTo("ops[4].props.opacity");
        });
        assertThat(document.snapshot()).isEqualTo(before);
    }

    @Test
    void replayedOpsAreSkipped() {
        List<Op> batch = List.of(create("a", NodeType.RECT, "root"), set("a", "x", 5));
        assertThat(document.apply(batch).revision()).isEqualTo(1);
        applyOk(set("a", "x", 9));

        BatchResult replay = document.apply(batch);

        assertThat(replay.outcomes()).extracting(OpOutcome::status).containsOnly(OpOutcome.DUPLICATE);
        assertThat(replay.revision()).isEqualTo(2);
        assertThat(document.node("a").orElseThrow().number(Property.X)).isEqualTo(9.0);
    }

    @Test
    void replayIsSkippedAfterReopening() {
        List<Op> batch = List.of(create("a", NodeType.RECT, "root"));
        document.apply(batch);
        Document reopened = Fixtures.engine().open(document.snapshot());

        BatchResult replay = reopened.apply(batch);

        assertThat(replay.outcomes()).extracting(OpOutcome::status).containsExactly(OpOutcome.DUPLICATE);
    }

    @Test
    void duplicateOpIdInOneBatchRunsOnce() {
        Op op = create("a", NodeType.RECT, "root");
        BatchResult result = apply(op, op);

        assertThat(result.outcomes()).extracting(OpOutcome::status).containsExactly(OpOutcome.APPLIED, OpOutcome.DUPLICATE);
    }

    @Test
    void opIdWindowForgetsOldestIds() {
        Document small = new Engine(new EngineLimits(100, 10, 100, 100, 2, 1_000_000)).create(10, 10);
        Op first = Op.create("id-1", "a", NodeType.RECT, "root", Map.of());
        small.apply(List.of(first));
        small.apply(List.of(Op.set("id-2", "a", Map.of("x", 1))));
        small.apply(List.of(Op.set("id-3", "a", Map.of("x", 2))));

        assertThat(small.snapshot().recentOpIds()).containsExactly("id-2", "id-3");
        BatchResult replay = small.apply(List.of(first));
        assertThat(replay.violations()).singleElement().extracting(v -> v.rule()).isEqualTo("duplicate-id");
    }

    @Test
    void snapshotRoundTripsThroughOpen() {
        applyOk(create("f", NodeType.FRAME, "root", "clip", false),
                create("t", NodeType.TEXT, "f", "text", "Hi"),
                create("r", NodeType.RECT, "root", "filters", List.of(Map.of("id", "example.blur", "version", "[1.0,2.0)",
                        "params", Map.of("radius", 3)))));
        applyOk(Op.delete(opId(), "t"));
        DocumentSnapshot snapshot = document.snapshot();

        Document reopened = Fixtures.engine().open(snapshot);

        assertThat(reopened.snapshot()).isEqualTo(snapshot);
        assertThat(reopened.revision()).isEqualTo(2);
    }

    @Test
    void snapshotListsNodesDepthFirst() {
        applyOk(create("a", NodeType.GROUP, "root"), create("b", NodeType.RECT, "root"), create("a1", NodeType.RECT, "a"));

        assertThat(document.snapshot().nodes()).extracting(Node::id).containsExactly("root", "a", "a1", "b");
    }

    @Test
    void sameOpsGiveSameDocument() {
        List<Op> ops = List.of(create("a", NodeType.GROUP, "root"), create("b", NodeType.RECT, "a"),
                Op.createAt("fixed", "c", NodeType.RECT, "root", 0, Map.of("x", 3)), Op.move("m", "b", "root", 1));
        Document first = Fixtures.engine().create(10, 10);
        Document second = Fixtures.engine().create(10, 10);

        first.apply(ops);
        second.apply(ops);

        assertThat(first.snapshot()).isEqualTo(second.snapshot());
    }
}
