package io.pixelcraft.versions.internal;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The nodes in which a document differs from a base snapshot: nodes added or changed (stored
 * whole) and ids removed. A version is a base snapshot plus one delta, so versions that share a
 * base store only what changed since it.
 *
 * @param revision the document's revision at the version
 * @param upserted nodes that are new or differ from the base, in the document's order
 * @param removed  ids of base nodes the document no longer has
 */
record Delta(long revision, List<Node> upserted, List<String> removed) {

    Delta {
        upserted = List.copyOf(upserted);
        removed = List.copyOf(removed);
    }

    /** Returns the delta that turns {@code base} into {@code target}. */
    static Delta between(DocumentSnapshot base, DocumentSnapshot target) {
        Map<String, Node> baseNodes = new HashMap<>();
        for (Node node : base.nodes()) {
            baseNodes.put(node.id(), node);
        }
        List<Node> upserted = new ArrayList<>();
        Set<String> targetIds = new HashSet<>();
        for (Node node : target.nodes()) {
            targetIds.add(node.id());
            if (!node.equals(baseNodes.get(node.id()))) {
                upserted.add(node);
            }
        }
        List<String> removed = new ArrayList<>();
        for (Node node : base.nodes()) {
            if (!targetIds.contains(node.id())) {
                removed.add(node.id());
            }
        }
        return new Delta(target.revision(), upserted, removed);
    }

    /** Returns the number of nodes this delta stores or removes. */
    int size() {
        return upserted.size() + removed.size();
    }

    /**
     * Applies the delta to its base. Changed nodes keep their place in the base's order and new
     * nodes follow, so the result may need {@code DocumentEngine.open(...).snapshot()} to get the
     * depth-first order back. The base's tombstones and recent op ids are kept: a restore merges
     * them with the live document's own.
     */
    DocumentSnapshot applyTo(DocumentSnapshot base) {
        Map<String, Node> changed = new LinkedHashMap<>();
        for (Node node : upserted) {
            changed.put(node.id(), node);
        }
        Set<String> gone = new HashSet<>(removed);
        List<Node> nodes = new ArrayList<>(base.nodes().size() + upserted.size());
        for (Node node : base.nodes()) {
            if (gone.contains(node.id())) {
                continue;
            }
            Node replacement = changed.remove(node.id());
            nodes.add(Objects.requireNonNullElse(replacement, node));
        }
        nodes.addAll(changed.values());
        return new DocumentSnapshot(DocumentSnapshot.FORMAT, revision, nodes, base.deleted(), base.recentOpIds());
    }
}
