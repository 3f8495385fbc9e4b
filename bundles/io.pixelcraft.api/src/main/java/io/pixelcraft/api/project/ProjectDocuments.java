package io.pixelcraft.api.project;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way to read and change a project's document. Every change on this node runs under a
 * per-project lock and gets the next revision of that project, whether it comes from REST, the
 * collaboration room or a version restore.
 *
 * <p>Methods throw {@link ProjectNotFoundException} when the project does not exist or is in the
 * trash, and {@link io.pixelcraft.api.storage.StorageUnavailableException} when the store cannot
 * be reached. They do not check the caller's rights: callers authorize first.
 */
@ProviderType
public interface ProjectDocuments {

    /** Returns the current document. */
    DocumentSnapshot load(String projectId);

    /**
     * Applies a batch atomically and stores it in the project's op log before returning. When the
     * batch is rejected, nothing is stored and listeners are not called.
     *
     * @param authorId the user whose edit this is, recorded in the op log
     * @return the engine's result; {@link BatchResult#revision()} is the project's revision after it
     */
    BatchResult apply(String projectId, List<Op> ops, String authorId);

    /**
     * Replaces the whole document, for version restore. Nodes of the current document that the
     * replacement lacks count as deleted, so late edits to them are skipped rather than rejected.
     *
     * @return the project's revision after the replacement
     * @throws io.pixelcraft.api.document.InvalidDocumentException when the snapshot is invalid
     */
    long replace(String projectId, DocumentSnapshot snapshot, String authorId);

    /**
     * Calls the listener after every change of the project on this node, in revision order, until
     * the returned handle is closed. Listeners run while the project is locked, so they must hand
     * work off quickly. An exception from a listener is logged and does not undo the change.
     */
    AutoCloseable subscribe(String projectId, DocumentListener listener);

    /**
     * Runs the action while this node holds the project's lock, the lock under which every change
     * through this service runs, and returns its result. The collaboration room opens under it, so
     * that no change of the project interleaves with loading the room. The lock is reentrant: the
     * action may call this service on the same thread. It must not wait for another thread that
     * changes the same project through this service, because that thread waits for the lock.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}; the projects
     * bundle overrides it.
     */
    default <T> T locked(String projectId, Supplier<T> action) {
        throw new UnsupportedOperationException("This ProjectDocuments implementation has no per-project lock");
    }
}
