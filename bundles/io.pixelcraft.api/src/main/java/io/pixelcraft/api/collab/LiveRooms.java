package io.pixelcraft.api.collab;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Op;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The live collaboration rooms of this node as an entry for edits that do not come over a
 * WebSocket, such as the REST API. While a project's room is open, it orders every change of the
 * project: a batch submitted here gets the room's next sequence number and goes to every member.
 *
 * <p>Callers decide between this service and {@code ProjectDocuments.apply} while they hold the
 * project's lock ({@code ProjectDocuments.locked}), because a room opens under that lock. A caller
 * that finds {@link #isOpen} true releases the lock and calls {@link #submit}. A caller that finds
 * it false applies the batch through {@code ProjectDocuments} before it releases the lock.
 */
@ProviderType
public interface LiveRooms {

    /**
     * Returns whether a room of the project is open or still closing on this node. It does not
     * block, so callers may ask while they hold the project's lock.
     */
    boolean isOpen(String projectId);

    /**
     * Submits a batch to the project's room and waits until the room has stored it in its op log
     * and applied it to {@code ProjectDocuments}, so a read right after this call returns the change. The
     * batch is checked by the same engine with the same rules as {@code ProjectDocuments.apply}.
     *
     * @param authorId the user whose edit this is, as members see it in the {@code ops} message
     * @return the engine's result as {@code ProjectDocuments.apply} returns it, with violations for a
     *         rejected batch; empty when no room of the project is open on this node, after waiting
     *         for a closing room to finish
     * @throws io.pixelcraft.api.storage.StorageUnavailableException when the room did not store and
     *         apply the batch in time. The room may still apply it later. Resending the batch with
     *         the same op ids is safe, because the engine skips op ids it has applied.
     */
    Optional<BatchResult> submit(String projectId, String authorId, List<Op> ops);

    /**
     * Returns the node whose room of the project is open, when that is another node sharing the
     * same database: its room lease is held and not expired. A caller must not apply a change of
     * such a project itself, because that node orders the project's changes. It performs one
     * database read by id, so call it without holding the project's lock.
     *
     * @return the holder, or empty when this node has the room open or no node holds its lease.
     *         Implementations that run no leases return empty.
     * @throws io.pixelcraft.api.storage.StorageUnavailableException when the lease could not be read
     * @since 1.1
     */
    default Optional<RemoteRoom> remoteRoom(String projectId) {
        return Optional.empty();
    }
}
