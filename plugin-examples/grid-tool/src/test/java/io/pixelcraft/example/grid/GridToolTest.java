package io.pixelcraft.example.grid;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.plugin.testkit.PluginTester;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GridToolTest {

    private final PluginTester tester = PluginTester.forPlugin(GridTool.class);

    private static DocumentSnapshot document() {
        Node root = new Node("root", "root", null, null, Map.of("width", 1000.0, "height", 600.0));
        Node frame = new Node("frame", "frame", "root", "a0", Map.of("width", 232.0, "height", 132.0));
        Node rect = new Node("rect", "rect", "root", "a1", Map.of());
        return new DocumentSnapshot(DocumentSnapshot.FORMAT, 3, List.of(root, frame, rect), List.of(), List.of());
    }

    @Test
    void pluginPassesSandbox() {
        tester.assertSandboxed();
    }

    @Test
    void fillsSelectedFrame() {
        List<Op> ops = tester.runTool(GridTool.class, document(), List.of("rect", "frame"),
                Map.of("columns", 2, "rows", 1, "gap", 8, "margin", 16, "fill", "#FF336699"));

        assertThat(ops).hasSize(2);
        assertThat(ops).allSatisfy(op -> {
            assertThat(op.kind()).isEqualTo(Op.CREATE);
            assertThat(op.type()).isEqualTo("rect");
            assertThat(op.parent()).isEqualTo("frame");
            assertThat(op.props()).containsEntry("width", 96.0).containsEntry("height", 100.0)
                    .containsEntry("fill", "#336699ff");
        });
        assertThat(ops.get(1).props()).containsEntry("x", 120.0).containsEntry("y", 16.0);
        assertThat(ops).extracting(Op::node).doesNotHaveDuplicates();
        assertThat(ops).extracting(Op::opId).doesNotHaveDuplicates();
    }

    @Test
    void defaultsToCanvas() {
        List<Op> ops = tester.runTool(GridTool.class, document(), List.of(), Map.of());

        assertThat(ops).hasSize(9);
        assertThat(ops).extracting(Op::parent).containsOnly("root");
    }

    @Test
    void tooSmallContainerGivesNoOps() {
        List<Op> ops = tester.runTool(GridTool.class, document(), List.of("frame"), Map.of("margin", 200));

        assertThat(ops).isEmpty();
    }
}
