package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import io.pixelcraft.api.document.OpViolation;
import java.util.List;
import java.util.Map;

/** Validates and applies one set op. */
final class SetOp {

    private final MutableDocument document;
    private final int index;
    private final Op op;
    private final List<OpViolation> out;
    private final OpChecks checks;

    SetOp(MutableDocument document, int index, Op op, List<OpViolation> out) {
        this.document = document;
        this.index = index;
        this.op = op;
        this.out = out;
        this.checks = new OpChecks(index, op, out);
    }

    String run() {
        checks.forbid("type", op.type()).forbid("parent", op.parent()).forbid("index", op.index()).forbid("key", op.key());
        if (op.props() == null) {
            checks.add("props", OpViolation.REQUIRED, "Field 'props' is missing: give the properties to set");
        }
        MutableNode node = checks.target(document);
        if (checks.failed()) {
            return null;
        }
        if (node == null) {
            return OpOutcome.DELETED_TARGET;
        }
        Map<String, Object> values = document.validator().validate(index, node.type, op.props(), out);
        if (checks.failed()) {
            return null;
        }
        values.forEach((name, value) -> document.setProperty(node, name, value));
        return OpOutcome.APPLIED;
    }
}
