package io.pixelcraft.versions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.engine.internal.Engine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Checks diffs against random histories on the real engine. The expected diff is computed another
 * way: node sets for added and removed, and {@link Node#get} (which applies defaults) per
 * property for changed; nodes that no op touched must not appear.
 */
class DocumentDiffTest {

    private final Engine engine = new Engine(EngineLimits.DEFAULTS);
    private int opCounter;

    /** A random history step: the ops applied and the ids they touched. */
    private void randomBatch(Document document, Random random, Set<String> touched) {
        List<String> ids = document.children(document.rootId()).stream().map(Node::id).collect(Collectors.toList());
        List<String> groups = ids.stream().filter(id -> document.node(id).orElseThrow().nodeType() == NodeType.GROUP).toList();
        int kind = ids.isEmpty() ? 0 : random.nextInt(10);
        Op op;
        String opId = "op" + (++opCounter);
        if (kind < 3) {
            String id = "n" + opCounter;
            NodeType type = random.nextBoolean() ? NodeType.RECT : NodeType.GROUP;
            op = Op.create(opId, id, type, "root", Map.of("x", (double) random.nextInt(100), "name", "node " + id));
            touched.add(id);
        } else if (kind < 7) {
            String id = ids.get(random.nextInt(ids.size()));
            Map<String, Object> props = new HashMap<>();
            switch (random.nextInt(4)) {
                case 0 -> props.put("x", (double) random.nextInt(100));
                case 1 -> props.put("opacity", random.nextInt(11) / 10.0);
                case 2 -> props.put("name", "renamed " + random.nextInt(5));
                default -> props.put("x", null);
            }
            op = Op.set(opId, id, props);
            touched.add(id);
        } else if (kind < 8) {
            String id = ids.get(random.nextInt(ids.size()));
            op = Op.delete(opId, id);
            touched.add(id);
        } else if (kind < 9 && !groups.isEmpty()) {
            String id = ids.get(random.nextInt(ids.size()));
            String group = groups.get(random.nextInt(groups.size()));
            op = Op.move(opId, id, group.equals(id) ? "root" : group, null);
            touched.add(id);
        } else {
            String id = ids.get(random.nextInt(ids.size()));
            op = Op.move(opId, id, null, 0);
            touched.add(id);
            // Moving to the bottom re-keys only this node; its siblings keep their keys.
        }
        BatchResult result = document.apply(List.of(op));
        assertThat(result.violations()).as("generated op %s", op).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void matchesGeneratedHistories(int seed) {
        Random random = new Random(seed);
        Document document = engine.create(800, 600);
        for (int i = 0; i < 40; i++) {
            randomBatch(document, random, new HashSet<>());
        }
        DocumentSnapshot older = document.snapshot();
        Set<String> touched = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            randomBatch(document, random, touched);
        }
        DocumentSnapshot newer = document.snapshot();

        DocumentDiff diff = DocumentDiff.between(older, newer);

        Map<String, Node> before = older.nodes().stream().collect(Collectors.toMap(Node::id, n -> n));
        Map<String, Node> after = newer.nodes().stream().collect(Collectors.toMap(Node::id, n -> n));
        Set<String> expectedAdded = new TreeSet<>(after.keySet());
        expectedAdded.removeAll(before.keySet());
        Set<String> expectedRemoved = new TreeSet<>(before.keySet());
        expectedRemoved.removeAll(after.keySet());
        assertThat(diff.added()).extracting(DocumentDiff.NodeSummary::id).containsExactlyElementsOf(expectedAdded);
        assertThat(diff.removed()).extracting(DocumentDiff.NodeSummary::id).containsExactlyElementsOf(expectedRemoved);

        Map<String, List<String>> changed = diff.changed().stream()
                .collect(Collectors.toMap(DocumentDiff.NodeChange::id, DocumentDiff.NodeChange::properties));
        for (String id : after.keySet()) {
            if (!before.containsKey(id)) {
                continue;
            }
            Node a = before.get(id);
            Node b = after.get(id);
            List<String> expected = new ArrayList<>();
            for (Property property : Property.values()) {
                if (property.appliesTo(b.nodeType()) && !Objects.equals(a.get(property), b.get(property))) {
                    expected.add(property.jsonName());
                }
            }
            if (!Objects.equals(a.parent(), b.parent())) {
                expected.add("parent");
            }
            if (!Objects.equals(a.key(), b.key())) {
                expected.add("position");
            }
            List<String> actual = changed.getOrDefault(id, List.of());
            assertThat(actual).as("changed properties of %s", id).containsExactlyInAnyOrderElementsOf(expected);
            if (!actual.isEmpty()) {
                assertThat(touched).as("%s changed, so an op touched it", id).contains(id);
            }
        }
    }

    @Test
    void reportsNothingForSameDocument() {
        Document document = engine.create(100, 100);
        document.apply(List.of(Op.create("op1", "a", NodeType.RECT, "root", Map.of("x", 1.0))));
        DocumentSnapshot snapshot = document.snapshot();

        DocumentDiff diff = DocumentDiff.between(snapshot, snapshot);

        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.changed()).isEmpty();
    }

    @Test
    void deltaRoundTripsGeneratedHistories() {
        Random random = new Random(42);
        Document document = engine.create(800, 600);
        for (int i = 0; i < 60; i++) {
            randomBatch(document, random, new HashSet<>());
        }
        DocumentSnapshot base = document.snapshot();
        for (int i = 0; i < 40; i++) {
            randomBatch(document, random, new HashSet<>());
        }
        DocumentSnapshot target = document.snapshot();

        Delta delta = Delta.between(base, target);
        SnapshotCodec codec = new SnapshotCodec();
        Delta stored = codec.fromBytes(codec.toBytes(delta), Delta.class);
        DocumentSnapshot rebuilt = engine.open(stored.applyTo(codec.fromBytes(codec.toBytes(base), DocumentSnapshot.class)))
                .snapshot();

        assertThat(rebuilt.nodes()).isEqualTo(target.nodes());
        assertThat(rebuilt.revision()).isEqualTo(target.revision());
    }
}
