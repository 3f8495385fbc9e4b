package io.pixelcraft.api.document;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A mutable document. It is not thread-safe: the owner of a document (on the server, the
 * per-project lock of the projects bundle) serialises all calls.
 */
@ProviderType
public interface Document {

    /**
     * Applies a batch atomically: the ops run in order, each seeing the effect of the ones before
     * it, and when any op is invalid nothing of the batch is kept. The same ops in the same order
     * give the same document on every node.
     *
     * @return the outcome of each op, or the violations of the first invalid op
     */
    BatchResult apply(List<Op> ops);

    /** Returns the current state as an immutable snapshot; costs time proportional to the node count. */
    DocumentSnapshot snapshot();

    /** Returns the live node with this id, or empty when it does not exist or was deleted. */
    Optional<Node> node(String id);

    /** Returns the children of a live node in z-order, bottom first. */
    List<Node> children(String id);

    /** Returns the root's id. */
    String rootId();

    /** Returns the number of live nodes, the root included. */
    int nodeCount();

    /** Returns the number of accepted batches that changed the document. */
    long revision();
}
