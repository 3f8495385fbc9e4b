package io.pixelcraft.api.document;

import java.util.List;

/**
 * The complete, immutable state of a document: its stable JSON form, used for storage, for the
 * REST API and for version history.
 *
 * @param format       the snapshot format version, {@value #FORMAT}
 * @param revision     the number of accepted batches that changed the document
 * @param nodes        every live node in depth-first order, parents before children and
 *                     siblings in key order; the first is the root
 * @param deleted      ids of deleted nodes; ops that target them are skipped, and creates that
 *                     reuse them are skipped too
 * @param recentOpIds  the most recent op ids, oldest first, that replays are checked against
 */
public record DocumentSnapshot(int format, long revision, List<Node> nodes, List<String> deleted, List<String> recentOpIds) {

    /** The only snapshot format this API defines. */
    public static final int FORMAT = 1;

    public DocumentSnapshot {
        nodes = List.copyOf(nodes);
        deleted = deleted == null ? List.of() : List.copyOf(deleted);
        recentOpIds = recentOpIds == null ? List.of() : List.copyOf(recentOpIds);
    }

    /** Returns the root node. */
    public Node root() {
        return nodes.get(0);
    }
}
