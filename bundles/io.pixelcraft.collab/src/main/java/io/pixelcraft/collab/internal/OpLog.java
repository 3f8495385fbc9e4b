package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.DocumentSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of a project's accepted batches and its latest snapshot. A room is the only
 * writer of its project's entries, so implementations need no locking of their own.
 *
 * <p>The projects bundle's {@code ProjectDocuments} stores every batch with its own write and
 * has no group commit, so a room acknowledges after this log has stored a batch and forwards it
 * to the projects bundle afterwards ({@link ProjectBridge}).
 */
interface OpLog {

    /** The latest snapshot and every batch stored after it. */
    record Stored(Optional<StoredSnapshot> snapshot, List<LoggedBatch> batches) {
    }

    /** A snapshot taken after batch {@code seq}. */
    record StoredSnapshot(long seq, DocumentSnapshot document) {
    }

    /** Loads the latest snapshot and the batches after it, in sequence order. */
    Stored load(String projectId);

    /**
     * Returns up to {@code max} batches with a sequence number above {@code afterSeq}, in order.
     * The result is shorter than {@code max} when the log ends.
     */
    List<LoggedBatch> since(String projectId, long afterSeq, int max);

    /**
     * Returns the stored batches with a sequence number from {@code fromSeq} to {@code toSeq}
     * inclusive, in order. Unlike {@link #since}, it reads past missing sequence numbers: a
     * replacement of the whole document takes a sequence number without storing a batch.
     */
    List<LoggedBatch> range(String projectId, long fromSeq, long toSeq);

    /**
     * Stores batches with one write. When it returns, every batch is durable.
     *
     * @throws OpLogConflictException when a batch with one of these sequence numbers is stored
     *         already, which means another room wrote the project's log
     */
    void append(String projectId, List<LoggedBatch> batches);

    /** Replaces the project's snapshot. */
    void saveSnapshot(String projectId, StoredSnapshot snapshot);

    /**
     * Replaces the project's snapshot unless a room with a newer lease generation stored one.
     * Implementations without leases ignore the generation.
     *
     * @throws OpLogConflictException when the stored snapshot has a newer lease generation
     */
    default void saveSnapshot(String projectId, StoredSnapshot snapshot, long leaseGeneration) {
        saveSnapshot(projectId, snapshot);
    }
}
