package io.pixelcraft.engine.internal;

import static io.pixelcraft.engine.internal.Fixtures.create;
import static io.pixelcraft.engine.internal.Fixtures.props;
import static io.pixelcraft.engine.internal.Fixtures.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpViolation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** One case per validation rule; each batch is rejected with the op index, field path and rule. */
class ValidationRulesTest {

    private static final String HASH = "0123456789abcdef".repeat(4);

    private static Document document() {
        Document document = new Engine(new EngineLimits(10, 4, 20, 5, 100, 1_000_000)).create(100, 100);
        BatchResult setup = document.apply(List.of(
                create("g", NodeType.GROUP, "root"),
                create("r", NodeType.RECT, "root"),
                create("t", NodeType.TEXT, "g"),
                create("gone", NodeType.RECT, "root")));
        assertThat(setup.applied()).isTrue();
        assertThat(document.apply(List.of(Op.delete("del-gone", "gone"))).applied()).isTrue();
        return document;
    }

    private static Op op(String kind, String node, String type, String parent, Integer index, String key, Map<String, Object> props) {
        return new Op(kind, Fixtures.opId(), node, type, parent, index, key, props);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // required
                Arguments.of(new Op(Op.SET, null, "r", null, null, null, null, Map.of()), "opId", OpViolation.REQUIRED),
                Arguments.of(op(null, "r", null, null, null, null, Map.of()), "kind", OpViolation.REQUIRED),
                Arguments.of(op(Op.SET, null, null, null, null, null, Map.of()), "node", OpViolation.REQUIRED),
                Arguments.of(op(Op.CREATE, "n", null, "root", null, null, null), "type", OpViolation.REQUIRED),
                Arguments.of(op(Op.CREATE, "n", "rect", null, null, null, null), "parent", OpViolation.REQUIRED),
                Arguments.of(op(Op.SET, "r", null, null, null, null, null), "props", OpViolation.REQUIRED),
                Arguments.of(op(Op.SET, "r", null, null, null, null,
                        props("filters", List.of(Map.of("version", "1.0")))), "props.filters[0].id", OpViolation.REQUIRED),
                // type
                Arguments.of(set("r", "opacity", "half"), "props.opacity", OpViolation.TYPE),
                Arguments.of(set("r", "visible", "yes"), "props.visible", OpViolation.TYPE),
                Arguments.of(set("r", "name", 5), "props.name", OpViolation.TYPE),
                Arguments.of(set("r", "filters", "blur"), "props.filters", OpViolation.TYPE),
                Arguments.of(set("r", "filters", List.of(Map.of("id", "a.b", "version", "1", "params", Map.of("radius", List.of())))),
                        "props.filters[0].params.radius", OpViolation.TYPE),
                // range
                Arguments.of(set("r", "opacity", 1.5), "props.opacity", OpViolation.RANGE),
                Arguments.of(set("r", "x", Double.NaN), "props.x", OpViolation.RANGE),
                Arguments.of(set("r", "y", Double.POSITIVE_INFINITY), "props.y", OpViolation.RANGE),
                Arguments.of(set("r", "width", -1), "props.width", OpViolation.RANGE),
                Arguments.of(set("r", "rotation", 361), "props.rotation", OpViolation.RANGE),
                Arguments.of(set("t", "fontWeight", 450), "props.fontWeight", OpViolation.RANGE),
                Arguments.of(set("t", "fontSize", 0), "props.fontSize", OpViolation.RANGE),
                Arguments.of(op(Op.MOVE, "r", null, null, -1, null, null), "index", OpViolation.RANGE),
                Arguments.of(op(Op.CREATE, "n", "rect", "g", 2, null, null), "index", OpViolation.RANGE),
                // length
                Arguments.of(set("r", "name", "n".repeat(257)), "props.name", OpViolation.LENGTH),
                Arguments.of(set("t", "text", "x".repeat(21)), "props.text", OpViolation.LENGTH),
                Arguments.of(set("t", "fontFamily", ""), "props.fontFamily", OpViolation.LENGTH),
                Arguments.of(set("r", "filters", Collections.nCopies(17, Map.of("id", "a.b", "version", "1"))),
                        "props.filters", OpViolation.LENGTH),
                // syntax
                Arguments.of(new Op(Op.SET, "bad id", "r", null, null, null, null, Map.of()), "opId", OpViolation.SYNTAX),
                Arguments.of(create("bad/id", NodeType.RECT, "root"), "node", OpViolation.SYNTAX),
                Arguments.of(set("r", "fill", "red"), "props.fill", OpViolation.SYNTAX),
                Arguments.of(set("r", "fill", "#12345"), "props.fill", OpViolation.SYNTAX),
                Arguments.of(create("i", NodeType.IMAGE, "root", "image", HASH.toUpperCase()), "props.image", OpViolation.SYNTAX),
                Arguments.of(create("p", NodeType.PATH, "root", "d", "M0 0 A 1 1 0 0 0 5 5"), "props.d", OpViolation.SYNTAX),
                Arguments.of(create("p", NodeType.PATH, "root", "d", "L5 5"), "props.d", OpViolation.SYNTAX),
                Arguments.of(op(Op.CREATE, "n", "rect", "root", null, "a00", null), "key", OpViolation.SYNTAX),
                Arguments.of(set("r", "filters", List.of(Map.of("id", "a.b", "version", "one"))), "props.filters[0].version", OpViolation.SYNTAX),
                Arguments.of(set("r", "filters", List.of(Map.of("id", "A B", "version", "1"))), "props.filters[0].id", OpViolation.SYNTAX),
                // enum
                Arguments.of(op("rename", "r", null, null, null, null, null), "kind", OpViolation.ENUM),
                Arguments.of(create("n", NodeType.RECT, "root", "blendMode", "overlay"), "props.blendMode", OpViolation.ENUM),
                Arguments.of(set("t", "textAlign", "justify"), "props.textAlign", OpViolation.ENUM),
                Arguments.of(op(Op.CREATE, "n", "star", "root", null, null, null), "type", OpViolation.ENUM),
                // not allowed
                Arguments.of(set("r", "colour", "#000000"), "props.colour", OpViolation.NOT_ALLOWED),
                Arguments.of(set("r", "fontSize", 12), "props.fontSize", OpViolation.NOT_ALLOWED),
                Arguments.of(set("root", "opacity", 0.5), "props.opacity", OpViolation.NOT_ALLOWED),
                Arguments.of(op(Op.SET, "r", null, "g", null, null, Map.of()), "parent", OpViolation.NOT_ALLOWED),
                Arguments.of(op(Op.DELETE, "r", null, null, null, null, Map.of()), "props", OpViolation.NOT_ALLOWED),
                Arguments.of(op(Op.MOVE, "r", "rect", null, null, null, null), "type", OpViolation.NOT_ALLOWED),
                Arguments.of(op(Op.MOVE, "r", null, "g", 0, "a0", null), "key", OpViolation.NOT_ALLOWED),
                Arguments.of(set("r", "filters", List.of(Map.of("id", "a.b", "version", "1", "extra", 1))),
                        "props.filters[0].extra", OpViolation.NOT_ALLOWED),
                // not found
                Arguments.of(set("nobody", "x", 1), "node", OpViolation.NOT_FOUND),
                Arguments.of(create("n", NodeType.RECT, "nowhere"), "parent", OpViolation.NOT_FOUND),
                Arguments.of(op(Op.MOVE, "r", null, "nowhere", null, null, null), "parent", OpViolation.NOT_FOUND),
                Arguments.of(op(Op.DELETE, "nobody", null, null, null, null, null), "node", OpViolation.NOT_FOUND),
                // structure
                Arguments.of(create("r", NodeType.ELLIPSE, "root"), "node", OpViolation.DUPLICATE_ID),
                Arguments.of(op(Op.MOVE, "g", null, "g", null, null, null), "parent", OpViolation.CYCLE),
                Arguments.of(op(Op.DELETE, "root", null, null, null, null, null), "node", OpViolation.ROOT),
                Arguments.of(op(Op.MOVE, "root", null, "g", null, null, null), "node", OpViolation.ROOT),
                Arguments.of(op(Op.CREATE, "n", "root", "root", null, null, null), "type", OpViolation.ROOT),
                Arguments.of(create("n", NodeType.RECT, "r"), "parent", OpViolation.NOT_CONTAINER),
                Arguments.of(op(Op.MOVE, "t", null, "r", null, null, null), "parent", OpViolation.NOT_CONTAINER));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("cases")
    void invalidOpIsRejected(Op invalid, String field, String rule) {
        Document document = document();
        DocumentSnapshot before = document.snapshot();

        BatchResult result = document.apply(List.of(set("r", "x", 1), invalid));

        assertThat(result.applied()).isFalse();
        assertThat(result.violations()).isNotEmpty();
        OpViolation violation = result.violations().get(0);
        assertThat(violation.opIndex()).isEqualTo(1);
        assertThat(violation.field()).isEqualTo(field);
        assertThat(violation.rule()).isEqualTo(rule);
        assertThat(violation.message()).isNotBlank();
        assertThat(document.snapshot()).isEqualTo(before);
    }

    @Test
    void nullOpIsRejected() {
        List<Op> ops = new ArrayList<>();
        ops.add(null);

        BatchResult result = document().apply(ops);

        assertThat(result.violations()).singleElement().extracting(OpViolation::rule).isEqualTo(OpViolation.REQUIRED);
    }

    @Test
    void nodeLimitIsEnforced() {
        Document document = document();
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ops.add(create("n" + i, NodeType.RECT, "root"));
        }
        assertThat(document.apply(ops.subList(0, 4)).applied()).isTrue();

        BatchResult result = document.apply(ops.subList(4, 5));

        assertThat(document.nodeCount()).isEqualTo(9);
        assertThat(result.applied()).isTrue();
        BatchResult over = document.apply(List.of(create("x1", NodeType.RECT, "root"), create("x2", NodeType.RECT, "root"),
                create("x3", NodeType.RECT, "root")));
        assertThat(over.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(OpViolation.MAX_NODES);
            assertThat(v.opIndex()).isEqualTo(1);
        });
    }

    @Test
    void batchSizeLimitIsEnforced() {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ops.add(set("r", "x", i));
        }

        BatchResult result = document().apply(ops);

        assertThat(result.violations()).singleElement().extracting(OpViolation::rule).isEqualTo(OpViolation.MAX_OPS);
    }
}
