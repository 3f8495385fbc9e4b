package io.pixelcraft.versions.internal;

import java.time.Instant;
import java.util.List;
import org.bson.types.ObjectId;

/**
 * One stored version of a project.
 *
 * @param projectId    the project
 * @param number       the version's number, 1, 2, 3 and so on per project; the {@code {v}} of the routes
 * @param kind         {@link #CHECKPOINT}, {@link #NAMED} or {@link #RESTORE}
 * @param label        the name of a named version, or a generated description otherwise
 * @param description  free text of a named version, {@code null} when none
 * @param revision     the project's document revision this version captures
 * @param createdAt    when the version was stored
 * @param createdBy    the user who named or restored it, or {@code null} for an automatic checkpoint
 * @param authors      the users whose edits since the previous checkpoint it contains, sorted
 * @param restoredFrom for {@link #RESTORE}, the number of the version that was restored
 * @param base         the GridFS file of the shared base snapshot
 * @param deltaBytes   size of the stored delta against the base, gzip-compressed JSON
 * @param thumbnail    the GridFS file of the rendered PNG thumbnail, {@code null} until first requested
 */
public record VersionRecord(String projectId, long number, String kind, String label, String description, long revision,
        Instant createdAt, String createdBy, List<String> authors, Long restoredFrom, ObjectId base, int deltaBytes,
        ObjectId thumbnail) {

    /** Stored automatically every N ops or T minutes of editing; thinned by retention. */
    static final String CHECKPOINT = "checkpoint";
    /** Named by a user on purpose; retention never removes it. */
    static final String NAMED = "named";
    /** The state a restore installed; thinned like a checkpoint. */
    static final String RESTORE = "restore";

    public VersionRecord {
        authors = List.copyOf(authors);
    }

    /** Returns whether a user named this version, so retention keeps it. */
    public boolean named() {
        return NAMED.equals(kind);
    }
}
