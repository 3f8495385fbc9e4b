package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import io.pixelcraft.api.document.OpViolation;
import java.util.List;
import java.util.Map;

/** Validates and applies one create op. */
final class CreateOp {

    private final MutableDocument document;
    private final int index;
    private final Op op;
    private final List<OpViolation> out;
    private final OpChecks checks;

    CreateOp(MutableDocument document, int index, Op op, List<OpViolation> out) {
        this.document = document;
        this.index = index;
        this.op = op;
        this.out = out;
        this.checks = new OpChecks(index, op, out);
    }

    /** Returns the op's status, or {@code null} after adding violations. */
    String run() {
        checks.nodeId("node", op.node());
        NodeType type = type();
        boolean parentValid = checks.nodeId("parent", op.parent());
        checks.position();
        Map<String, Object> props = Map.of();
        if (type != null && op.props() != null) {
            props = document.validator().validate(index, type, op.props(), out);
        }
        if (checks.failed() || !parentValid) {
            return null;
        }

        if (document.isDeleted(op.node())) {
            return OpOutcome.DELETED_TARGET;
        }
        if (document.isLive(op.node())) {
            checks.add("node", OpViolation.DUPLICATE_ID, "Node id '" + op.node() + "' is already in use: choose a new id");
            return null;
        }
        MutableNode parent = checks.parent(document, op.parent());
        if (parent == null) {
            return checks.failed() ? null : OpOutcome.DELETED_TARGET;
        }

        if (document.nodeCount() >= document.limits().maxNodes()) {
            checks.add("", OpViolation.MAX_NODES, "The document already has the maximum of "
                    + document.limits().maxNodes() + " nodes: delete nodes first");
            return null;
        }
        if (parent.depth() + 1 > document.limits().maxDepth()) {
            checks.add("parent", OpViolation.MAX_DEPTH, "A child of '" + parent.id + "' would be at depth "
                    + (parent.depth() + 1) + ", above the maximum of " + document.limits().maxDepth());
            return null;
        }
        checks.indexWithin(parent.children.size());
        if (checks.failed()) {
            return null;
        }

        MutableNode node = new MutableNode(op.node(), type);
        node.key = MutableDocument.placeKey(parent, null, op.index(), op.key());
        props.forEach((name, value) -> {
            if (value != null) {
                node.props.put(name, value);
            }
        });
        document.insert(parent, node);
        return OpOutcome.APPLIED;
    }

    private NodeType type() {
        if (op.type() == null) {
            checks.add("type", OpViolation.REQUIRED, "Field 'type' is missing: use frame, group, image, rect, ellipse, line, path or text");
            return null;
        }
        NodeType type;
        try {
            type = NodeType.fromJson(op.type());
        } catch (IllegalArgumentException e) {
            checks.add("type", OpViolation.ENUM, e.getMessage());
            return null;
        }
        if (type == NodeType.ROOT) {
            checks.add("type", OpViolation.ROOT, "A document has exactly one root: create a frame or group instead");
            return null;
        }
        return type;
    }
}
