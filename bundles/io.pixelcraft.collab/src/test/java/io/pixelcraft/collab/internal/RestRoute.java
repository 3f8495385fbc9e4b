package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.project.ProjectDocuments;
import java.util.List;
import java.util.Optional;

/**
 * The decision of the projects bundle's REST route for op batches: while holding the project's
 * lock, apply directly when no room is open, otherwise submit to the room after releasing it.
 */
final class RestRoute {

    private RestRoute() {
    }

    static BatchResult apply(RoomManager rooms, ProjectDocuments projects, String projectId, String author, List<Op> ops) {
        while (true) {
            Optional<BatchResult> direct = projects.locked(projectId, () -> rooms.isOpen(projectId)
                    ? Optional.<BatchResult>empty() : Optional.of(projects.apply(projectId, ops, author)));
            if (direct.isPresent()) {
                return direct.get();
            }
            Optional<BatchResult> live = rooms.submit(projectId, author, ops);
            if (live.isPresent()) {
                return live.get();
            }
        }
    }
}
