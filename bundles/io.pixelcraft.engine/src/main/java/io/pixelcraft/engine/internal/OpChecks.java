package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.FractionalKeys;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpViolation;
import java.util.List;

/** Field checks shared by the op kinds; each adds violations to the op's list. */
final class OpChecks {

    private final int index;
    private final Op op;
    private final List<OpViolation> out;

    OpChecks(int index, Op op, List<OpViolation> out) {
        this.index = index;
        this.op = op;
        this.out = out;
    }

    /** Rejects a field that this op kind does not use. */
    OpChecks forbid(String field, Object value) {
        if (value != null) {
            out.add(new OpViolation(index, field, OpViolation.NOT_ALLOWED,
                    "Field '" + field + "' is not used by " + op.kind() + " ops: leave it out"));
        }
        return this;
    }

    /** Checks a node id field; returns whether it is present and well-formed. */
    boolean nodeId(String field, String id) {
        if (id == null) {
            out.add(new OpViolation(index, field, OpViolation.REQUIRED, "Field '" + field + "' is missing"));
            return false;
        }
        if (!MutableDocument.NODE_ID.matcher(id).matches()) {
            out.add(new OpViolation(index, field, OpViolation.SYNTAX,
                    "Field '" + field + "' must have 1 to 64 letters, digits, '_', '-', '.' or ':'"));
            return false;
        }
        return true;
    }

    /** Checks that at most one of index and key is given and that each is well-formed. */
    void position() {
        if (op.index() != null && op.key() != null) {
            out.add(new OpViolation(index, "key", OpViolation.NOT_ALLOWED, "Give either 'index' or 'key', not both"));
        }
        if (op.key() != null && !FractionalKeys.isValid(op.key())) {
            out.add(new OpViolation(index, "key", OpViolation.SYNTAX,
                    "Field 'key' is not a fractional index key: compute it with FractionalKeys.between"));
        }
        if (op.index() != null && op.index() < 0) {
            out.add(new OpViolation(index, "index", OpViolation.RANGE, "Field 'index' must be 0 or more, got " + op.index()));
        }
    }

    /** Checks that the index is at most the number of siblings. */
    void indexWithin(int siblingCount) {
        if (op.index() != null && op.index() > siblingCount) {
            out.add(new OpViolation(index, "index", OpViolation.RANGE,
                    "Field 'index' is " + op.index() + " but the parent has " + siblingCount + " other children: use 0 to " + siblingCount));
        }
    }

    /**
     * Returns the live node that {@code node} names. Returns {@code null} without a violation when
     * the node was deleted, so the caller skips the op, and with a violation when it never existed.
     */
    MutableNode target(MutableDocument document) {
        if (!nodeId("node", op.node())) {
            return null;
        }
        if (document.isDeleted(op.node())) {
            return null;
        }
        MutableNode node = document.mutableNode(op.node());
        if (node == null) {
            out.add(new OpViolation(index, "node", OpViolation.NOT_FOUND, "Node '" + op.node() + "' was not found"));
        }
        return node;
    }

    /** Like {@link #target} for the {@code parent} field; also requires a container. */
    MutableNode parent(MutableDocument document, String parentId) {
        if (document.isDeleted(parentId)) {
            return null;
        }
        MutableNode parent = document.mutableNode(parentId);
        if (parent == null) {
            out.add(new OpViolation(index, "parent", OpViolation.NOT_FOUND, "Parent node '" + parentId + "' was not found"));
            return null;
        }
        if (!parent.type.isContainer()) {
            out.add(new OpViolation(index, "parent", OpViolation.NOT_CONTAINER,
                    "Parent node '" + parentId + "' is a " + parent.type.jsonName() + ": use the root, a frame or a group"));
            return null;
        }
        return parent;
    }

    void add(String field, String rule, String message) {
        out.add(new OpViolation(index, field, rule, message));
    }

    boolean failed() {
        return !out.isEmpty();
    }
}
