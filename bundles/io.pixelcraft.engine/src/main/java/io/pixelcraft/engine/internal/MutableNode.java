package io.pixelcraft.engine.internal;

import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.NodeType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/** The engine's working form of a node: linked to its parent and to its children in key order. */
final class MutableNode {

    final String id;
    final NodeType type;
    MutableNode parent;
    String key;
    /** Properties that differ from their defaults, sorted by name so that JSON output is stable. */
    final TreeMap<String, Object> props = new TreeMap<>();
    /** Children sorted by key; empty and never filled for types that cannot have children. */
    final List<MutableNode> children = new ArrayList<>();

    MutableNode(String id, NodeType type) {
        this.id = id;
        this.type = type;
    }

    Node toNode() {
        return new Node(id, type.jsonName(), parent == null ? null : parent.id, key,
                Collections.unmodifiableMap(new TreeMap<>(props)));
    }

    /** Returns the depth: 0 for the root. */
    int depth() {
        int depth = 0;
        for (MutableNode n = parent; n != null; n = n.parent) {
            depth++;
        }
        return depth;
    }

    /** Returns the number of levels below this node: 0 for a leaf. */
    int height() {
        int height = 0;
        for (MutableNode child : children) {
            height = Math.max(height, 1 + child.height());
        }
        return height;
    }

    /** Returns the position at which a child with this key belongs, or of the child that has it. */
    int childPosition(String childKey) {
        int low = 0;
        int high = children.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int comparison = children.get(middle).key.compareTo(childKey);
            if (comparison < 0) {
                low = middle + 1;
            } else if (comparison > 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return low;
    }

    void attach(MutableNode child) {
        child.parent = this;
        children.add(childPosition(child.key), child);
    }

    void detach(MutableNode child) {
        children.remove(childPosition(child.key));
        child.parent = null;
    }
}
