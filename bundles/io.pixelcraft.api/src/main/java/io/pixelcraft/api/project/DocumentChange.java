package io.pixelcraft.api.project;

import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import java.util.List;

/**
 * One change of a project's document.
 *
 * @param projectId the project
 * @param revision  the project's revision after the change
 * @param authorId  the user who made it
 * @param ops       for a batch, the ops as sent; empty for a replacement
 * @param outcomes  for a batch, what happened to each op
 * @param snapshot  for a replacement, the new document; {@code null} for a batch
 */
public record DocumentChange(String projectId, long revision, String authorId, List<Op> ops,
        List<OpOutcome> outcomes, DocumentSnapshot snapshot) {

    public DocumentChange {
        ops = List.copyOf(ops);
        outcomes = List.copyOf(outcomes);
    }

    /** Returns whether this change replaced the whole document. */
    public boolean replacement() {
        return snapshot != null;
    }
}
