package io.pixelcraft.projects.internal;

import io.pixelcraft.api.collab.LiveRooms;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.util.List;
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
 */
final class EditRouter {

    private static final Logger LOG = LoggerFactory.getLogger(EditRouter.class);
    /** Rounds of "room open, then closed before the batch reached it" before giving up. */
    private static final int MAX_ATTEMPTS = 3;

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
     */
    BatchResult apply(String projectId, List<Op> ops, String authorId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            LiveRooms rooms = liveRooms.get();
            if (rooms == null) {
                return documents.apply(projectId, ops, authorId);
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
}
