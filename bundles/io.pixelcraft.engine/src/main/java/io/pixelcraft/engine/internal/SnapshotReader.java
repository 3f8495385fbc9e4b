package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.EngineLimits;
import io.pixelcraft.api.document.FractionalKeys;
import io.pixelcraft.api.document.InvalidDocumentException;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import io.pixelcraft.api.document.OpViolation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Opens snapshots: checks that they form one tree within the limits and builds the document. */
final class SnapshotReader {

    private SnapshotReader() {
    }

    static MutableDocument read(EngineLimits limits, DocumentSnapshot snapshot) {
        if (snapshot.format() != DocumentSnapshot.FORMAT) {
            throw new InvalidDocumentException("Snapshot format " + snapshot.format() + " is not supported: use " + DocumentSnapshot.FORMAT);
        }
        List<Node> list = snapshot.nodes();
        if (list.isEmpty()) {
            throw new InvalidDocumentException("Snapshot has no nodes: the first node must be the root");
        }
        if (list.size() > limits.maxNodes()) {
            throw new InvalidDocumentException("Snapshot has " + list.size() + " nodes, above the maximum of " + limits.maxNodes());
        }
        Node rootNode = list.get(0);
        if (!NodeType.ROOT.jsonName().equals(rootNode.type()) || rootNode.parent() != null) {
            throw new InvalidDocumentException("The first node must be the root: type root without a parent");
        }
        MutableNode root = new MutableNode(rootNode.id(), NodeType.ROOT);
        MutableDocument document = new MutableDocument(limits, root);
        copyProps(document, rootNode, root);

        Map<String, MutableNode> byId = new HashMap<>();
        byId.put(root.id, root);
        for (Node node : list.subList(1, list.size())) {
            byId.put(node.id(), create(document, node, byId));
        }
        // Nodes link to parents by id, so a parent that appears later or never is caught here.
        List<MutableNode> created = new ArrayList<>(byId.values());
        for (Node node : list.subList(1, list.size())) {
            MutableNode parent = byId.get(node.parent());
            if (parent == null || !parent.type.isContainer()) {
                throw new InvalidDocumentException("Node '" + node.id() + "' has parent '" + node.parent()
                        + "', which is missing or cannot have children");
            }
            MutableNode child = byId.get(node.id());
            int position = parent.childPosition(child.key);
            if (position < parent.children.size() && parent.children.get(position).key.equals(child.key)) {
                throw new InvalidDocumentException("Node '" + node.id() + "' shares key '" + child.key + "' with a sibling");
            }
            parent.attach(child);
        }
        checkReachable(limits, root, created.size());
        for (MutableNode node : created) {
            document.restoreNode(node);
        }
        for (String id : snapshot.deleted()) {
            if (byId.containsKey(id)) {
                throw new InvalidDocumentException("Node '" + id + "' is listed both as live and as deleted");
            }
        }
        document.restoreState(snapshot.revision(), snapshot.deleted(), snapshot.recentOpIds());
        return document;
    }

    private static MutableNode create(MutableDocument document, Node node, Map<String, MutableNode> byId) {
        if (!MutableDocument.NODE_ID.matcher(node.id()).matches()) {
            throw new InvalidDocumentException("Node id '" + node.id() + "' is invalid");
        }
        if (byId.containsKey(node.id())) {
            throw new InvalidDocumentException("Node id '" + node.id() + "' appears twice");
        }
        NodeType type;
        try {
            type = NodeType.fromJson(node.type());
        } catch (IllegalArgumentException e) {
            throw new InvalidDocumentException("Node '" + node.id() + "': " + e.getMessage());
        }
        if (type == NodeType.ROOT) {
            throw new InvalidDocumentException("Node '" + node.id() + "' is a second root");
        }
        if (node.key() == null || !FractionalKeys.isValid(node.key())) {
            throw new InvalidDocumentException("Node '" + node.id() + "' has an invalid key '" + node.key() + "'");
        }
        MutableNode result = new MutableNode(node.id(), type);
        result.key = node.key();
        copyProps(document, node, result);
        return result;
    }

    private static void copyProps(MutableDocument document, Node node, MutableNode target) {
        List<OpViolation> violations = new ArrayList<>();
        Map<String, Object> props = document.validator().validate(0, target.type, node.props(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidDocumentException("Node '" + node.id() + "': " + violations.get(0).message());
        }
        props.forEach((name, value) -> {
            if (value != null) {
                target.props.put(name, value);
            }
        });
    }

    /** Checks that every node hangs under the root (so there are no cycles) within the depth limit. */
    private static void checkReachable(EngineLimits limits, MutableNode root, int total) {
        int reached = 0;
        List<MutableNode> level = List.of(root);
        int depth = 0;
        while (!level.isEmpty()) {
            if (depth > limits.maxDepth()) {
                throw new InvalidDocumentException("The tree is deeper than the maximum of " + limits.maxDepth());
            }
            List<MutableNode> next = new ArrayList<>();
            for (MutableNode node : level) {
                reached++;
                next.addAll(node.children);
            }
            level = next;
            depth++;
        }
        if (reached != total) {
            throw new InvalidDocumentException("Only " + reached + " of " + total + " nodes hang under the root: the parents form a cycle");
        }
    }
}
