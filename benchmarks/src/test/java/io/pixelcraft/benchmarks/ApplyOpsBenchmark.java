package io.pixelcraft.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.engine.internal.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Applies 100,000 ops to one document: 10,000 creates under 100 groups, then a mix of 70% sets,
 * 15% moves, 10% creates and 5% deletes, in batches of 1 (live editing) and of 100 (REST).
 */
@EnabledIfSystemProperty(named = "benchmarks", matches = "true")
class ApplyOpsBenchmark {

    private static final int OPS = 100_000;
    private static final int RUNS = 5;

    @Test
    void apply100000Ops() {
        List<Op> ops = generate(new Random(1));
        Report.line("## Apply 100,000 ops (%s)", Report.machine());
        for (int batchSize : new int[] {1, 100}) {
            List<List<Op>> batches = new ArrayList<>();
            for (int i = 0; i < ops.size(); i += batchSize) {
                batches.add(ops.subList(i, Math.min(ops.size(), i + batchSize)));
            }
            run(batches);
            double[] seconds = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                seconds[r] = run(batches);
            }
            double median = Report.percentile(seconds, 50);
            Report.line("batch size %d: median %.3f s over %d runs (min %.3f, max %.3f), %.0f ops/s",
                    batchSize, median, RUNS, Report.percentile(seconds, 0), Report.percentile(seconds, 100), OPS / median);
        }
    }

    private static double run(List<List<Op>> batches) {
        Document document = new Engine(EngineLimits.DEFAULTS).create(4000, 3000);
        long start = System.nanoTime();
        for (List<Op> batch : batches) {
            BatchResult result = document.apply(batch);
            if (!result.applied()) {
                throw new AssertionError("Batch rejected: " + result.violations());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(document.nodeCount() > 10_000);
        return seconds;
    }

    /** Generates a valid op sequence by tracking which nodes exist. */
    private static List<Op> generate(Random random) {
        List<Op> ops = new ArrayList<>(OPS);
        List<String> groups = new ArrayList<>();
        List<String> leaves = new ArrayList<>();
        int next = 0;
        for (int g = 0; g < 100; g++) {
            String id = "g" + g;
            ops.add(Op.create("o" + ops.size(), id, NodeType.GROUP, "root", Map.of("name", "Group " + g)));
            groups.add(id);
        }
        while (ops.size() < 10_000) {
            ops.add(createLeaf(random, "o" + ops.size(), "n" + next, groups));
            leaves.add("n" + next++);
        }
        while (ops.size() < OPS) {
            String opId = "o" + ops.size();
            int roll = random.nextInt(100);
            if (roll < 70) {
                String id = leaves.get(random.nextInt(leaves.size()));
                ops.add(Op.set(opId, id, Map.of("x", random.nextInt(4000), "y", random.nextInt(3000),
                        "opacity", random.nextInt(11) / 10.0)));
            } else if (roll < 85) {
                String id = leaves.get(random.nextInt(leaves.size()));
                ops.add(Op.move(opId, id, groups.get(random.nextInt(groups.size())), random.nextBoolean() ? 0 : null));
            } else if (roll < 95 || leaves.size() < 100) {
                ops.add(createLeaf(random, opId, "n" + next, groups));
                leaves.add("n" + next++);
            } else {
                String id = leaves.remove(random.nextInt(leaves.size()));
                ops.add(Op.delete(opId, id));
            }
        }
        return ops;
    }

    private static Op createLeaf(Random random, String opId, String id, List<String> groups) {
        String parent = groups.get(random.nextInt(groups.size()));
        if (random.nextBoolean()) {
            return Op.create(opId, id, NodeType.RECT, parent, Map.of("x", random.nextInt(4000), "y", random.nextInt(3000),
                    "width", 50 + random.nextInt(200), "height", 50 + random.nextInt(200), "fill", "#3366cc"));
        }
        return Op.create(opId, id, NodeType.TEXT, parent, Map.of("x", random.nextInt(4000), "y", random.nextInt(3000),
                "text", "Caption " + id, "fontSize", 12 + random.nextInt(40)));
    }
}
