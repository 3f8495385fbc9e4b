package io.pixelcraft.projects.internal;

import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the project routes. */
final class Views {

    private Views() {
    }

    /**
     * A project as the API returns it.
     *
     * @param role      the caller's role
     * @param deletedAt when it went to the trash, or {@code null}
     * @param purgeAt   when it leaves the trash for good, or {@code null} when it is live
     */
    record ProjectView(String id, String name, String ownerId, String role, Instant createdAt, Instant updatedAt,
            Instant deletedAt, Instant purgeAt, String thumbnail, long revision) {
    }

    record MemberView(String userId, String role) {
    }

    record CreateProject(String name, Double width, Double height) {
    }

    record PatchProject(String name, String thumbnail) {
    }

    record PutMember(String role) {
    }

    record OpBatch(List<Op> ops) {
    }

    record BatchView(long revision, List<OpOutcome> outcomes) {
    }

    record DocumentView(String projectId, long revision, List<Node> nodes) {
    }
}
