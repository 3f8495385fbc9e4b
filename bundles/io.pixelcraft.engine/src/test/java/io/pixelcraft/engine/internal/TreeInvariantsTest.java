package io.pixelcraft.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FractionalKeys;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests with seeded random op sequences: valid, invalid and stale ops in random
 * batches. Every assertion names its seed, so a failure reproduces with {@code new Random(seed)}.
 */
class TreeInvariantsTest {

    private static final int SEEDS = 300;
    private static final int BATCHES_PER_SEED = 60;
    private static final NodeType[] TYPES = {NodeType.FRAME, NodeType.GROUP, NodeType.RECT, NodeType.TEXT, NodeType.ELLIPSE};

    private final Engine engine = new Engine(new EngineLimits(400, 8, 1000, 100, 10_000, 1_000_000));

    @Test
    void randomOpsKeepTreeValid() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            runSeed(seed);
        }
    }

    private void runSeed(long seed) {
        Random random = new Random(seed);
        Document document = engine.create(500, 500);
        List<List<Op>> accepted = new ArrayList<>();
        Set<String> everCreated = new HashSet<>();
        everCreated.add("root");
        int opCounter = 0;
        for (int b = 0; b < BATCHES_PER_SEED; b++) {
            List<Op> batch = new ArrayList<>();
            int size = 1 + random.nextInt(6);
            for (int i = 0; i < size; i++) {
                batch.add(randomOp(random, document, everCreated, "s" + seed + "-" + opCounter++));
            }
            DocumentSnapshot before = document.snapshot();
            BatchResult result = document.apply(batch);
            if (result.applied()) {
                accepted.add(batch);
            } else {
                assertThat(document.snapshot()).as("seed %d: a rejected batch changed the document", seed).isEqualTo(before);
            }
            checkInvariants(seed, document);
        }

        Document replayed = engine.create(500, 500);
        accepted.forEach(replayed::apply);
        assertThat(replayed.snapshot()).as("seed %d: replaying the accepted batches gives another document", seed)
                .isEqualTo(document.snapshot());

        DocumentSnapshot once = document.snapshot();
        accepted.forEach(document::apply);
        assertThat(document.snapshot()).as("seed %d: replaying accepted batches again changed the document", seed).isEqualTo(once);

        assertThat(engine.open(once).snapshot()).as("seed %d: snapshot does not round-trip", seed).isEqualTo(once);
    }

    private static Op randomOp(Random random, Document document, Set<String> everCreated, String opId) {
        List<String> ids = new ArrayList<>(everCreated);
        ids.sort(null);
        String any = ids.get(random.nextInt(ids.size()));
        int roll = random.nextInt(100);
        if (roll < 40) {
            String id = random.nextInt(20) == 0 ? any : "n" + opId;
            everCreated.add(id);
            NodeType type = TYPES[random.nextInt(TYPES.length)];
            Integer index = random.nextBoolean() ? null : random.nextInt(4);
            return new Op(Op.CREATE, opId, id, type.jsonName(), any, index, null, props(random));
        }
        if (roll < 65) {
            return Op.set(opId, any, props(random));
        }
        if (roll < 80) {
            String parent = random.nextBoolean() ? null : ids.get(random.nextInt(ids.size()));
            return Op.move(opId, any, parent, random.nextBoolean() ? null : random.nextInt(4));
        }
        if (roll < 90) {
            String key = random.nextBoolean() ? "a" + (char) ('1' + random.nextInt(9)) : FractionalKeys.between(null, null);
            return new Op(Op.MOVE, opId, any, null, random.nextBoolean() ? "root" : null, null, key, null);
        }
        if (random.nextInt(4) == 0) {
            // Replays an earlier op id: the document must skip it.
            return Op.delete("s-replay", any);
        }
        return Op.delete(opId, any);
    }

    private static Map<String, Object> props(Random random) {
        Map<String, Object> props = new HashMap<>();
        switch (random.nextInt(4)) {
            case 0 -> props.put("x", random.nextInt(400) - 200);
            case 1 -> props.put("opacity", random.nextInt(12) / 10.0);
            case 2 -> props.put("name", "node " + random.nextInt(100));
            default -> {
                // No properties.
            }
        }
        return props;
    }

    private static void checkInvariants(long seed, Document document) {
        DocumentSnapshot snapshot = document.snapshot();
        List<Node> nodes = snapshot.nodes();
        assertThat(nodes).as("seed %d: node count", seed).hasSize(document.nodeCount());
        Map<String, Node> byId = new HashMap<>();
        for (Node node : nodes) {
            assertThat(byId.put(node.id(), node)).as("seed %d: node %s appears twice", seed, node.id()).isNull();
        }
        long roots = nodes.stream().filter(n -> n.parent() == null).count();
        assertThat(roots).as("seed %d: roots", seed).isEqualTo(1);
        assertThat(nodes.get(0).type()).as("seed %d: first node", seed).isEqualTo("root");
        Map<String, List<String>> keysByParent = new HashMap<>();
        for (Node node : nodes) {
            if (node.parent() == null) {
                continue;
            }
            Node parent = byId.get(node.parent());
            assertThat(parent).as("seed %d: parent of %s is missing (orphan)", seed, node.id()).isNotNull();
            assertThat(parent.nodeType().isContainer()).as("seed %d: parent of %s cannot have children", seed, node.id()).isTrue();
            assertThat(FractionalKeys.isValid(node.key())).as("seed %d: key of %s", seed, node.id()).isTrue();
            keysByParent.computeIfAbsent(node.parent(), p -> new ArrayList<>()).add(node.key());
            int steps = 0;
            for (Node n = node; n.parent() != null; n = byId.get(n.parent())) {
                steps++;
                assertThat(steps).as("seed %d: %s is in a cycle", seed, node.id()).isLessThanOrEqualTo(nodes.size());
            }
            assertThat(steps).as("seed %d: depth of %s", seed, node.id()).isLessThanOrEqualTo(8);
        }
        keysByParent.forEach((parent, keys) -> assertThat(keys)
                .as("seed %d: sibling keys under %s", seed, parent).isSorted().doesNotHaveDuplicates());
        for (String deleted : snapshot.deleted()) {
            assertThat(byId).as("seed %d: deleted node %s is live", seed, deleted).doesNotContainKey(deleted);
        }
    }
}
