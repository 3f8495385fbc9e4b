package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FractionalKeys;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import io.pixelcraft.api.document.OpViolation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A document in memory. A batch runs op by op on the live tree while an undo journal records the
 * inverse of every change, so a rejected batch is rolled back in time proportional to what it
 * changed rather than to the document's size.
 */
final class MutableDocument implements Document {

    static final String ROOT_ID = "root";
    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    static final Pattern OP_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final EngineLimits limits;
    private final PropertyValidator validator;
    private final Map<String, MutableNode> nodes = new HashMap<>();
    private final Set<String> deleted = new HashSet<>();
    /** The most recent op ids in arrival order; the oldest is evicted beyond the configured window. */
    private final LinkedHashSet<String> recentOpIds = new LinkedHashSet<>();
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private final MutableNode root;
    private long revision;

    MutableDocument(EngineLimits limits, MutableNode root) {
        this.limits = limits;
        this.validator = new PropertyValidator(limits.maxTextLength());
        this.root = root;
        nodes.put(root.id, root);
    }

    EngineLimits limits() {
        return limits;
    }

    PropertyValidator validator() {
        return validator;
    }

    MutableNode root() {
        return root;
    }

    MutableNode mutableNode(String id) {
        return nodes.get(id);
    }

    /** Adds a node while a snapshot is opened; the caller has checked it. */
    void restoreNode(MutableNode node) {
        nodes.put(node.id, node);
    }

    void restoreState(long restoredRevision, List<String> deletedIds, List<String> opIds) {
        this.revision = restoredRevision;
        deleted.addAll(deletedIds);
        recentOpIds.addAll(opIds);
    }

    @Override
    public BatchResult apply(List<Op> ops) {
        if (ops.size() > limits.maxOpsPerBatch()) {
            return rejected(List.of(new OpViolation(limits.maxOpsPerBatch(), "", OpViolation.MAX_OPS,
                    "A batch may have at most " + limits.maxOpsPerBatch() + " ops, this one has " + ops.size()
                            + ": split it into smaller batches")));
        }
        undo.clear();
        Set<String> batchOpIds = new HashSet<>();
        List<String> appliedOpIds = new ArrayList<>();
        List<OpOutcome> outcomes = new ArrayList<>(ops.size());
        boolean changed = false;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            List<OpViolation> violations = new ArrayList<>();
            String status = applyOne(i, op, batchOpIds, violations);
            if (!violations.isEmpty()) {
                rollback();
                return rejected(violations);
            }
            if (!OpOutcome.DUPLICATE.equals(status)) {
                batchOpIds.add(op.opId());
                appliedOpIds.add(op.opId());
            }
            changed |= OpOutcome.APPLIED.equals(status);
            outcomes.add(new OpOutcome(i, op.opId(), status));
        }
        undo.clear();
        rememberOpIds(appliedOpIds);
        if (changed) {
            revision++;
        }
        return new BatchResult(true, revision, outcomes, List.of());
    }

    private BatchResult rejected(List<OpViolation> violations) {
        return new BatchResult(false, revision, List.of(), violations);
    }

    private void rollback() {
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
    }

    private void rememberOpIds(List<String> opIds) {
        recentOpIds.addAll(opIds);
        Iterator<String> oldest = recentOpIds.iterator();
        while (recentOpIds.size() > limits.recentOpIds() && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private String applyOne(int index, Op op, Set<String> batchOpIds, List<OpViolation> out) {
        if (op == null) {
            out.add(new OpViolation(index, "", OpViolation.REQUIRED, "Op " + index + " is null: send an op object"));
            return null;
        }
        if (op.opId() == null) {
            out.add(new OpViolation(index, "opId", OpViolation.REQUIRED, "Field 'opId' is missing: give every op a client-generated id"));
            return null;
        }
        if (!OP_ID.matcher(op.opId()).matches()) {
            out.add(new OpViolation(index, "opId", OpViolation.SYNTAX,
                    "Field 'opId' must have 1 to 128 letters, digits, '_', '-', '.' or ':'"));
            return null;
        }
        if (recentOpIds.contains(op.opId()) || batchOpIds.contains(op.opId())) {
            return OpOutcome.DUPLICATE;
        }
        if (op.kind() == null) {
            out.add(new OpViolation(index, "kind", OpViolation.REQUIRED, "Field 'kind' is missing: use create, set, delete or move"));
            return null;
        }
        return switch (op.kind()) {
            case Op.CREATE -> new CreateOp(this, index, op, out).run();
            case Op.SET -> new SetOp(this, index, op, out).run();
            case Op.DELETE -> delete(index, op, out);
            case Op.MOVE -> new MoveOp(this, index, op, out).run();
            default -> {
                out.add(new OpViolation(index, "kind", OpViolation.ENUM,
                        "Field 'kind' is '" + op.kind() + "': use create, set, delete or move"));
                yield null;
            }
        };
    }

    private String delete(int index, Op op, List<OpViolation> out) {
        OpChecks checks = new OpChecks(index, op, out);
        checks.forbid("type", op.type()).forbid("parent", op.parent()).forbid("index", op.index())
                .forbid("key", op.key()).forbid("props", op.props());
        MutableNode node = checks.target(this);
        if (!out.isEmpty() || node == null) {
            return out.isEmpty() ? OpOutcome.DELETED_TARGET : null;
        }
        if (node == root) {
            out.add(new OpViolation(index, "node", OpViolation.ROOT, "The root cannot be deleted: delete its children instead"));
            return null;
        }
        removeSubtree(node);
        return OpOutcome.APPLIED;
    }

    // Tree changes with their undo entries. Every mutation of the tree goes through these.

    void insert(MutableNode parent, MutableNode node) {
        parent.attach(node);
        nodes.put(node.id, node);
        undo.push(() -> {
            parent.detach(node);
            nodes.remove(node.id);
        });
    }

    void relocate(MutableNode node, MutableNode newParent, String newKey) {
        MutableNode oldParent = node.parent;
        String oldKey = node.key;
        oldParent.detach(node);
        node.key = newKey;
        newParent.attach(node);
        undo.push(() -> {
            newParent.detach(node);
            node.key = oldKey;
            oldParent.attach(node);
        });
    }

    void setProperty(MutableNode node, String name, Object value) {
        Object old = value == null ? node.props.remove(name) : node.props.put(name, value);
        undo.push(() -> {
            if (old == null) {
                node.props.remove(name);
            } else {
                node.props.put(name, old);
            }
        });
    }

    private void removeSubtree(MutableNode node) {
        MutableNode parent = node.parent;
        List<String> removed = new ArrayList<>();
        Deque<MutableNode> pending = new ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty()) {
            MutableNode next = pending.pop();
            removed.add(next.id);
            next.children.forEach(pending::push);
        }
        parent.detach(node);
        for (String id : removed) {
            nodes.remove(id);
            deleted.add(id);
        }
        undo.push(() -> {
            parent.attach(node);
            Deque<MutableNode> restore = new ArrayDeque<>();
            restore.push(node);
            while (!restore.isEmpty()) {
                MutableNode next = restore.pop();
                nodes.put(next.id, next);
                deleted.remove(next.id);
                next.children.forEach(restore::push);
            }
        });
    }

    boolean isDeleted(String id) {
        return deleted.contains(id);
    }

    boolean isLive(String id) {
        return nodes.containsKey(id);
    }

    /**
     * Returns the key for a node placed under {@code parent} at a position among its other
     * children, or at a client key; see {@link Op} for the rules. {@code moving} is the node being
     * moved, which does not count as a sibling, or {@code null} for a create.
     */
    static String placeKey(MutableNode parent, MutableNode moving, Integer index, String clientKey) {
        List<MutableNode> children = parent.children;
        int skipped = moving != null && moving.parent == parent ? parent.childPosition(moving.key) : -1;
        if (clientKey != null) {
            int position = parent.childPosition(clientKey);
            if (position == skipped) {
                return clientKey;
            }
            if (position < children.size() && children.get(position).key.equals(clientKey)) {
                int above = position + 1 == skipped ? position + 2 : position + 1;
                return FractionalKeys.between(clientKey, above < children.size() ? children.get(above).key : null);
            }
            return clientKey;
        }
        int siblingCount = children.size() - (skipped >= 0 ? 1 : 0);
        int position = index == null ? siblingCount : index;
        String lower = position > 0 ? siblingKey(children, skipped, position - 1) : null;
        String upper = position < siblingCount ? siblingKey(children, skipped, position) : null;
        return FractionalKeys.between(lower, upper);
    }

    /** Returns the key of the i-th child when the child at {@code skipped} is left out. */
    private static String siblingKey(List<MutableNode> children, int skipped, int i) {
        return children.get(skipped >= 0 && i >= skipped ? i + 1 : i).key;
    }

    @Override
    public DocumentSnapshot snapshot() {
        List<Node> list = new ArrayList<>(nodes.size());
        Deque<MutableNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            MutableNode node = pending.pop();
            list.add(node.toNode());
            for (int i = node.children.size() - 1; i >= 0; i--) {
                pending.push(node.children.get(i));
            }
        }
        return new DocumentSnapshot(DocumentSnapshot.FORMAT, revision, list, new ArrayList<>(new TreeSet<>(deleted)),
                new ArrayList<>(recentOpIds));
    }

    @Override
    public Optional<Node> node(String id) {
        MutableNode node = nodes.get(id);
        return node == null ? Optional.empty() : Optional.of(node.toNode());
    }

    @Override
    public List<Node> children(String id) {
        MutableNode node = nodes.get(id);
        if (node == null) {
            return List.of();
        }
        return node.children.stream().map(MutableNode::toNode).toList();
    }

    @Override
    public String rootId() {
        return root.id;
    }

    @Override
    public int nodeCount() {
        return nodes.size();
    }

    @Override
    public long revision() {
        return revision;
    }
}
