package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import io.pixelcraft.api.document.OpViolation;
import java.util.List;

/** Validates and applies one move op. */
final class MoveOp {

    private final MutableDocument document;
    private final Op op;
    private final OpChecks checks;

    MoveOp(MutableDocument document, int index, Op op, List<OpViolation> out) {
        this.document = document;
        this.op = op;
        this.checks = new OpChecks(index, op, out);
    }

    String run() {
        checks.forbid("type", op.type()).forbid("props", op.props());
        checks.position();
        boolean parentValid = op.parent() == null || checks.nodeId("parent", op.parent());
        MutableNode node = checks.target(document);
        if (checks.failed() || !parentValid) {
            return null;
        }
        if (node == null) {
            return OpOutcome.DELETED_TARGET;
        }

        if (node == document.root()) {
            checks.add("node", OpViolation.ROOT, "The root cannot be moved");
            return null;
        }
        MutableNode parent = op.parent() == null ? node.parent : checks.parent(document, op.parent());
        if (parent == null) {
            return checks.failed() ? null : OpOutcome.DELETED_TARGET;
        }
        for (MutableNode ancestor = parent; ancestor != null; ancestor = ancestor.parent) {
            if (ancestor == node) {
                checks.add("parent", OpViolation.CYCLE, "Node '" + node.id + "' cannot move into '" + parent.id
                        + "', which is itself or one of its descendants");
                return null;
            }
        }

        int depth = parent.depth() + 1 + node.height();
        if (depth > document.limits().maxDepth()) {
            checks.add("parent", OpViolation.MAX_DEPTH, "Moving '" + node.id + "' under '" + parent.id
                    + "' would reach depth " + depth + ", above the maximum of " + document.limits().maxDepth());
            return null;
        }
        checks.indexWithin(parent.children.size() - (node.parent == parent ? 1 : 0));
        if (checks.failed()) {
            return null;
        }

        String key = MutableDocument.placeKey(parent, node, op.index(), op.key());
        if (parent != node.parent || !key.equals(node.key)) {
            document.relocate(node, parent, key);
        }
        return OpOutcome.APPLIED;
    }
}
