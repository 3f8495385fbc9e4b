package io.pixelcraft.versions.internal;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Property;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A change summary between two documents, by node id.
 *
 * @param added   nodes in the newer document only, by id
 * @param removed nodes in the older document only, by id
 * @param changed nodes in both whose properties, parent or position differ
 */
record DocumentDiff(List<NodeSummary> added, List<NodeSummary> removed, List<NodeChange> changed) {

    /** A node named in a summary. */
    record NodeSummary(String id, String type, String name) {
    }

    /**
     * A node present in both documents. {@code properties} lists the JSON names of properties
     * whose values differ, plus {@code parent} when it moved to another parent and {@code position}
     * when its place among its siblings changed.
     */
    record NodeChange(String id, String type, String name, List<String> properties) {
    }

    /** Computes what changed from {@code older} to {@code newer}; both lists are sorted by node id. */
    static DocumentDiff between(DocumentSnapshot older, DocumentSnapshot newer) {
        Map<String, Node> olderNodes = new HashMap<>();
        for (Node node : older.nodes()) {
            olderNodes.put(node.id(), node);
        }
        List<NodeSummary> added = new ArrayList<>();
        List<NodeChange> changed = new ArrayList<>();
        for (Node node : newer.nodes()) {
            Node before = olderNodes.remove(node.id());
            if (before == null) {
                added.add(summary(node));
                continue;
            }
            List<String> properties = changedProperties(before, node);
            if (!properties.isEmpty()) {
                changed.add(new NodeChange(node.id(), node.type(), name(node), properties));
            }
        }
        List<NodeSummary> removed = new ArrayList<>();
        olderNodes.values().forEach(node -> removed.add(summary(node)));
        added.sort(Comparator.comparing(NodeSummary::id));
        removed.sort(Comparator.comparing(NodeSummary::id));
        changed.sort(Comparator.comparing(NodeChange::id));
        return new DocumentDiff(added, removed, changed);
    }

    private static List<String> changedProperties(Node before, Node after) {
        TreeSet<String> names = new TreeSet<>(before.props().keySet());
        names.addAll(after.props().keySet());
        List<String> result = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(effectiveValue(before, name), effectiveValue(after, name))) {
                result.add(name);
            }
        }
        if (!Objects.equals(before.type(), after.type())) {
            result.add("type");
        }
        if (!Objects.equals(before.parent(), after.parent())) {
            result.add("parent");
        }
        if (!Objects.equals(before.key(), after.key())) {
            result.add("position");
        }
        return result;
    }

    /** Returns a property's value with its default applied, so setting a property to its default is no change. */
    private static Object effectiveValue(Node node, String name) {
        Property property = Property.byJsonName(name);
        if (property == null || !property.appliesTo(node.nodeType())) {
            return node.props().get(name);
        }
        return node.get(property);
    }

    private static NodeSummary summary(Node node) {
        return new NodeSummary(node.id(), node.type(), name(node));
    }

    private static String name(Node node) {
        Object name = node.props().get("name");
        return name instanceof String text ? text : null;
    }
}
