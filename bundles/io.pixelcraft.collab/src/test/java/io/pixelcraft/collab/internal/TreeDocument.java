package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.FractionalKeys;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import io.pixelcraft.api.document.OpViolation;
import io.pixelcraft.api.document.Property;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A small in-memory {@link Document} with the engine's conflict rules, for tests while the
 * engine bundle is being written: ops apply in order, a set overwrites per property (last writer
 * wins in server order), ops on deleted nodes are skipped, a move into the node's own subtree is
 * a cycle, and op ids already seen are skipped. Property values are only checked for their JSON
 * type, not their ranges.
 */
final class TreeDocument implements Document {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern OP_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final int RECENT_OP_IDS = 100_000;
    private static final Comparator<MutableNode> SIBLING_ORDER =
            Comparator.comparing((MutableNode n) -> n.key).thenComparing(n -> n.id);

    private static final class MutableNode {
        final String id;
        final String type;
        String parent;
        String key;
        final TreeMap<String, Object> props = new TreeMap<>();

        MutableNode(String id, String type, String parent, String key) {
            this.id = id;
            this.type = type;
            this.parent = parent;
            this.key = key;
        }

        MutableNode copy() {
            MutableNode copy = new MutableNode(id, type, parent, key);
            copy.props.putAll(props);
            return copy;
        }
    }

    private Map<String, MutableNode> nodes = new HashMap<>();
    private LinkedHashSet<String> deleted = new LinkedHashSet<>();
    private LinkedHashSet<String> recentOpIds = new LinkedHashSet<>();
    private long revision;

    TreeDocument(double width, double height) {
        MutableNode root = new MutableNode("root", NodeType.ROOT.jsonName(), null, null);
        root.props.put("width", width);
        root.props.put("height", height);
        nodes.put(root.id, root);
    }

    TreeDocument(DocumentSnapshot snapshot) {
        for (Node node : snapshot.nodes()) {
            MutableNode copy = new MutableNode(node.id(), node.type(), node.parent(), node.key());
            node.props().forEach((name, value) -> copy.props.put(name, normalise(value)));
            nodes.put(node.id(), copy);
        }
        deleted.addAll(snapshot.deleted());
        recentOpIds.addAll(snapshot.recentOpIds());
        revision = snapshot.revision();
    }

    @Override
    public BatchResult apply(List<Op> ops) {
        Map<String, MutableNode> savedNodes = new HashMap<>();
        nodes.forEach((id, node) -> savedNodes.put(id, node.copy()));
        LinkedHashSet<String> savedDeleted = new LinkedHashSet<>(deleted);
        LinkedHashSet<String> savedOpIds = new LinkedHashSet<>(recentOpIds);

        List<OpOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            OpViolation violation = check(i, op);
            String status = null;
            if (violation == null) {
                if (recentOpIds.contains(op.opId())) {
                    status = OpOutcome.DUPLICATE;
                } else {
                    Object result = applyOne(i, op);
                    if (result instanceof OpViolation v) {
                        violation = v;
                    } else {
                        status = (String) result;
                        remember(op.opId());
                    }
                }
            }
            if (violation != null) {
                nodes = savedNodes;
                deleted = savedDeleted;
                recentOpIds = savedOpIds;
                return new BatchResult(false, revision, List.of(), List.of(violation));
            }
            outcomes.add(new OpOutcome(i, op.opId(), status));
        }
        BatchResult result = new BatchResult(true, revision, outcomes, List.of());
        if (result.changed()) {
            revision++;
        }
        return new BatchResult(true, revision, outcomes, List.of());
    }

    private OpViolation check(int index, Op op) {
        if (op.kind() == null) {
            return violation(index, "kind", OpViolation.REQUIRED, "Missing kind: use create, set, delete or move");
        }
        if (op.opId() == null || !OP_ID.matcher(op.opId()).matches()) {
            return violation(index, "opId", OpViolation.SYNTAX, "Invalid opId '" + op.opId() + "'");
        }
        if (op.node() == null || !ID.matcher(op.node()).matches()) {
            return violation(index, "node", OpViolation.SYNTAX, "Invalid node id '" + op.node() + "'");
        }
        if (op.index() != null && op.key() != null) {
            return violation(index, "key", OpViolation.NOT_ALLOWED, "Give index or key, not both");
        }
        if (op.key() != null && !FractionalKeys.isValid(op.key())) {
            return violation(index, "key", OpViolation.SYNTAX, "Invalid fractional index key '" + op.key() + "'");
        }
        if (op.props() != null) {
            for (Map.Entry<String, Object> entry : op.props().entrySet()) {
                Object value = entry.getValue();
                boolean scalar = value == null || value instanceof Number || value instanceof String
                        || value instanceof Boolean;
                if (Property.byJsonName(entry.getKey()) == null || !scalar) {
                    return violation(index, "props." + entry.getKey(), OpViolation.NOT_ALLOWED,
                            "Property '" + entry.getKey() + "' is unknown or has a value of the wrong type");
                }
            }
        }
        return null;
    }

    /** Returns an outcome status, or a violation. */
    private Object applyOne(int index, Op op) {
        switch (op.kind()) {
            case Op.CREATE:
                return create(index, op);
            case Op.SET:
                return set(index, op);
            case Op.DELETE:
                return delete(index, op);
            case Op.MOVE:
                return move(index, op);
            default:
                return violation(index, "kind", OpViolation.ENUM, "Unknown kind '" + op.kind() + "'");
        }
    }

    private Object create(int index, Op op) {
        NodeType type;
        try {
            type = NodeType.fromJson(op.type());
        } catch (IllegalArgumentException e) {
            return violation(index, "type", OpViolation.ENUM, e.getMessage());
        }
        if (type == NodeType.ROOT) {
            return violation(index, "type", OpViolation.ROOT, "The root cannot be created");
        }
        if (op.parent() == null) {
            return violation(index, "parent", OpViolation.REQUIRED, "Missing parent");
        }
        if (deleted.contains(op.node()) || deleted.contains(op.parent())) {
            return OpOutcome.DELETED_TARGET;
        }
        MutableNode parent = nodes.get(op.parent());
        if (parent == null) {
            return violation(index, "parent", OpViolation.NOT_FOUND, "Parent '" + op.parent() + "' not found");
        }
        if (!NodeType.fromJson(parent.type).isContainer()) {
            return violation(index, "parent", OpViolation.NOT_CONTAINER, "Parent '" + op.parent() + "' cannot have children");
        }
        if (nodes.containsKey(op.node())) {
            return violation(index, "node", OpViolation.DUPLICATE_ID, "Node '" + op.node() + "' already exists");
        }
        MutableNode node = new MutableNode(op.node(), type.jsonName(), parent.id, keyFor(parent.id, null, op));
        if (op.props() != null) {
            op.props().forEach((name, value) -> {
                if (value != null) {
                    node.props.put(name, normalise(value));
                }
            });
        }
        nodes.put(node.id, node);
        return OpOutcome.APPLIED;
    }

    private Object set(int index, Op op) {
        if (deleted.contains(op.node())) {
            return OpOutcome.DELETED_TARGET;
        }
        MutableNode node = nodes.get(op.node());
        if (node == null) {
            return violation(index, "node", OpViolation.NOT_FOUND, "Node '" + op.node() + "' not found");
        }
        if (op.props() == null || op.props().isEmpty()) {
            return violation(index, "props", OpViolation.REQUIRED, "Missing props");
        }
        op.props().forEach((name, value) -> {
            if (value == null) {
                node.props.remove(name);
            } else {
                node.props.put(name, normalise(value));
            }
        });
        return OpOutcome.APPLIED;
    }

    private Object delete(int index, Op op) {
        if (deleted.contains(op.node())) {
            return OpOutcome.DELETED_TARGET;
        }
        MutableNode node = nodes.get(op.node());
        if (node == null) {
            return violation(index, "node", OpViolation.NOT_FOUND, "Node '" + op.node() + "' not found");
        }
        if (node.parent == null) {
            return violation(index, "node", OpViolation.ROOT, "The root cannot be deleted");
        }
        List<String> subtree = new ArrayList<>();
        collect(node.id, subtree);
        for (String id : subtree) {
            nodes.remove(id);
            deleted.add(id);
        }
        return OpOutcome.APPLIED;
    }

    private Object move(int index, Op op) {
        if (deleted.contains(op.node()) || (op.parent() != null && deleted.contains(op.parent()))) {
            return OpOutcome.DELETED_TARGET;
        }
        MutableNode node = nodes.get(op.node());
        if (node == null) {
            return violation(index, "node", OpViolation.NOT_FOUND, "Node '" + op.node() + "' not found");
        }
        if (node.parent == null) {
            return violation(index, "node", OpViolation.ROOT, "The root cannot be moved");
        }
        String parentId = op.parent() != null ? op.parent() : node.parent;
        MutableNode parent = nodes.get(parentId);
        if (parent == null) {
            return violation(index, "parent", OpViolation.NOT_FOUND, "Parent '" + parentId + "' not found");
        }
        if (!NodeType.fromJson(parent.type).isContainer()) {
            return violation(index, "parent", OpViolation.NOT_CONTAINER, "Parent '" + parentId + "' cannot have children");
        }
        for (String ancestor = parentId; ancestor != null; ancestor = nodes.get(ancestor).parent) {
            if (ancestor.equals(node.id)) {
                return violation(index, "parent", OpViolation.CYCLE,
                        "Moving '" + node.id + "' under '" + parentId + "' would make it its own ancestor");
            }
        }
        node.key = keyFor(parentId, node.id, op);
        node.parent = parentId;
        return OpOutcome.APPLIED;
    }

    private String keyFor(String parentId, String movingId, Op op) {
        List<MutableNode> siblings = sortedChildren(parentId);
        siblings.removeIf(n -> n.id.equals(movingId));
        if (op.key() != null) {
            for (int i = 0; i < siblings.size(); i++) {
                if (siblings.get(i).key.equals(op.key())) {
                    String next = i + 1 < siblings.size() ? siblings.get(i + 1).key : null;
                    return next != null && next.equals(op.key()) ? op.key() : FractionalKeys.between(op.key(), next);
                }
            }
            return op.key();
        }
        int position = op.index() == null ? siblings.size() : Math.max(0, Math.min(op.index(), siblings.size()));
        String before = position > 0 ? siblings.get(position - 1).key : null;
        String after = position < siblings.size() ? siblings.get(position).key : null;
        if (before != null && after != null && before.compareTo(after) >= 0) {
            return before;
        }
        return FractionalKeys.between(before, after);
    }

    private List<MutableNode> sortedChildren(String parentId) {
        TreeSet<MutableNode> children = new TreeSet<>(SIBLING_ORDER);
        for (MutableNode node : nodes.values()) {
            if (parentId.equals(node.parent)) {
                children.add(node);
            }
        }
        return new ArrayList<>(children);
    }

    private void collect(String id, List<String> into) {
        into.add(id);
        for (MutableNode child : sortedChildren(id)) {
            collect(child.id, into);
        }
    }

    private void remember(String opId) {
        recentOpIds.add(opId);
        if (recentOpIds.size() > RECENT_OP_IDS) {
            recentOpIds.remove(recentOpIds.iterator().next());
        }
    }

    private static Object normalise(Object value) {
        return value instanceof Number number ? (Object) number.doubleValue() : value;
    }

    private static OpViolation violation(int index, String field, String rule, String message) {
        return new OpViolation(index, field, rule, message);
    }

    @Override
    public DocumentSnapshot snapshot() {
        List<Node> list = new ArrayList<>();
        addDepthFirst(nodes.get("root"), list);
        return new DocumentSnapshot(DocumentSnapshot.FORMAT, revision, list, new ArrayList<>(new TreeSet<>(deleted)),
                new ArrayList<>(recentOpIds));
    }

    private void addDepthFirst(MutableNode node, List<Node> into) {
        into.add(new Node(node.id, node.type, node.parent, node.key, new TreeMap<>(node.props)));
        for (MutableNode child : sortedChildren(node.id)) {
            addDepthFirst(child, into);
        }
    }

    @Override
    public Optional<Node> node(String id) {
        MutableNode node = nodes.get(id);
        return node == null ? Optional.empty()
                : Optional.of(new Node(node.id, node.type, node.parent, node.key, new TreeMap<>(node.props)));
    }

    @Override
    public List<Node> children(String id) {
        List<Node> list = new ArrayList<>();
        for (MutableNode child : sortedChildren(id)) {
            list.add(node(child.id).orElseThrow());
        }
        return list;
    }

    @Override
    public String rootId() {
        return "root";
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
