package io.pixelcraft.projects.internal;

import io.pixelcraft.api.collab.LiveRooms;
import io.pixelcraft.api.collab.RemoteRoom;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.storage.StorageUnavailableException;
import io.pixelcraft.api.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies REST op batches in the same order as live edits. While a collaboration room of the
 * project is open on this node, the batch goes to the room, which numbers it, stores it, sends it
 * to the members and then applies it to {@link DocumentService}. Otherwise the batch is applied
 * directly under the project's lock. A room opens only while holding that lock, so a direct apply
 * either finishes before a room loads the document or finds the room open and submits to it.
 *
 * <p>When another node sharing the database has the project's room open, the batch is rejected
 * with 421 Misdirected Request naming that node, because only its room may order the project's
 * changes.
 */
final class EditRouter {

    private static final Logger LOG = LoggerFactory.getLogger(EditRouter.class);
    /** Rounds of "room open, then closed before the batch reached it" before giving up. */
    private static final int MAX_ATTEMPTS = 3;
    /** Response header with the base URL of the node whose room orders the project's changes. */
    static final String ROOM_NODE_HEADER = "PixelCraft-Room-Node";

    private final DocumentService documents;
    private final Supplier<LiveRooms> liveRooms;

    EditRouter(DocumentService documents, Supplier<LiveRooms> liveRooms) {
        this.documents = documents;
        this.liveRooms = liveRooms;
    }

    /**
     * Applies the batch through the project's open room or directly.
     *
     * @return the engine's result; {@link BatchResult#revision()} is the project's revision after it
     * @throws io.pixelcraft.api.project.ProjectNotFoundException when the project does not exist
     * @throws StorageUnavailableException when the store or the room timed out
     * @throws ApiException with status 421 when another node has the project's room open
     */
    BatchResult apply(String projectId, List<Op> ops, String authorId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            LiveRooms rooms = liveRooms.get();
            if (rooms == null) {
                return documents.apply(projectId, ops, authorId);
            }
            // NOTE: the check runs before the direct apply, not under a lock shared with the other
            // node. A room that opens there in between starts from the document without this batch,
            // and its members see the batch only after the room reopens.
            Optional<RemoteRoom> remote = rooms.remoteRoom(projectId);
            if (remote.isPresent()) {
                throw misdirected(projectId, remote.get());
            }
            Optional<BatchResult> direct = documents.applyUnless(projectId, ops, authorId, () -> rooms.isOpen(projectId));
            if (direct.isPresent()) {
                return direct.get();
            }
            Optional<BatchResult> live = rooms.submit(projectId, authorId, ops);
            if (live.isPresent()) {
                return live.get();
            }
            // The room closed after the check. It has applied its batches by now, so apply directly.
            LOG.debug("The room of project {} closed before a REST batch of user {} reached it (attempt {})",
                    projectId, authorId, attempt);
        }
        throw new StorageUnavailableException("The collaboration room of project " + projectId
                + " kept closing and reopening while a REST batch waited: retry later");
    }

    private static ApiException misdirected(String projectId, RemoteRoom remote) {
        String url = remote.advertisedUrl();
        String detail = "Project " + projectId + " is open for live editing on node " + remote.nodeId()
                + (url.isEmpty() ? ", which has no advertised URL: send the request through the load balancer"
                        : ": send the request to " + url);
        Map<String, String> headers = url.isEmpty() ? Map.of() : Map.of(ROOM_NODE_HEADER, url);
        return new ApiException(421, "misdirected", "Misdirected request", detail, List.of(), headers);
    }
}
