package io.pixelcraft.engine.internal;

import static io.pixelcraft.engine.internal.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpViolation;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.FilterLookup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeepTreeTest {

    private static final int MAX_DEPTH = 1000;

    private final Engine engine = new Engine(new EngineLimits(10_000, MAX_DEPTH, 100, 10_000, 10_000, 1_000_000));

    /** Builds a chain of groups root > d1 > d2 > ... > d{depth}. */
    private static List<Op> chain(int depth) {
        List<Op> ops = new ArrayList<>();
        String parent = "root";
        for (int i = 1; i <= depth; i++) {
            ops.add(create("d" + i, NodeType.GROUP, parent));
            parent = "d" + i;
        }
        return ops;
    }

    @Test
    void chainUpToMaxDepthIsAccepted() {
        Document document = engine.create(100, 100);

        BatchResult result = document.apply(chain(MAX_DEPTH));

        assertThat(result.applied()).isTrue();
        assertThat(document.nodeCount()).isEqualTo(MAX_DEPTH + 1);
    }

    @Test
    void childBelowMaxDepthIsRejected() {
        Document document = engine.create(100, 100);
        document.apply(chain(MAX_DEPTH));

        BatchResult result = document.apply(List.of(create("deeper", NodeType.RECT, "d" + MAX_DEPTH)));

        assertThat(result.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(OpViolation.MAX_DEPTH);
            assertThat(v.field()).isEqualTo("parent");
        });
    }

    @Test
    void moveThatDeepensSubtreeIsRejected() {
        Document document = engine.create(100, 100);
        document.apply(chain(600));
        document.apply(List.of(create("other", NodeType.GROUP, "root")));
        List<Op> second = new ArrayList<>();
        String parent = "other";
        for (int i = 1; i <= 500; i++) {
            second.add(create("o" + i, NodeType.GROUP, parent));
            parent = "o" + i;
        }
        document.apply(second);

        BatchResult result = document.apply(List.of(Op.move(Fixtures.opId(), "other", "d600", null)));

        assertThat(result.violations()).singleElement().extracting(OpViolation::rule).isEqualTo(OpViolation.MAX_DEPTH);
    }

    @Test
    void cycleDeepInTreeIsRejected() {
        Document document = engine.create(100, 100);
        document.apply(chain(500));

        BatchResult result = document.apply(List.of(Op.move(Fixtures.opId(), "d1", "d500", null)));

        assertThat(result.violations()).singleElement().extracting(OpViolation::rule).isEqualTo(OpViolation.CYCLE);
    }

    @Test
    void deepTreeSnapshotsRendersAndDeletes() {
        Document document = engine.create(100, 100);
        document.apply(chain(MAX_DEPTH));
        document.apply(List.of(create("leaf", NodeType.RECT, "d" + (MAX_DEPTH - 1))));

        Document reopened = engine.open(document.snapshot());
        assertThat(reopened.snapshot()).isEqualTo(document.snapshot());
        assertThat(engine.render(reopened, RenderRequest.document(1), ImageLookup.NONE, FilterLookup.NONE).image().getWidth()).isEqualTo(100);

        BatchResult delete = reopened.apply(List.of(Op.delete(Fixtures.opId(), "d1")));
        assertThat(delete.applied()).isTrue();
        assertThat(reopened.nodeCount()).isEqualTo(1);
    }
}
