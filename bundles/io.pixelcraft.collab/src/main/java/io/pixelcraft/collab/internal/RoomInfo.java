package io.pixelcraft.collab.internal;

import java.util.List;

/**
 * A room's state for the console.
 *
 * @param appliedSeq      the last sequence number applied to the document
 * @param storedSeq       the last sequence number stored in the op log
 * @param snapshotSeq     the sequence number of the latest stored snapshot
 * @param writes          op log writes since the room opened
 * @param lastWriteMicros duration of the latest op log write in microseconds
 * @param maxQueueDepth   the longest outbound queue among the members
 * @param droppedPresence presence messages dropped for slow members
 * @param leaseGeneration the generation of the room lease this room writes under, or 0 without leases
 */
public record RoomInfo(String projectId, List<MemberInfo> members, long appliedSeq, long storedSeq, long snapshotSeq,
        long writes, long lastWriteMicros, int maxQueueDepth, long droppedPresence, long leaseGeneration) {

    /** One connection in a room. */
    public record MemberInfo(String session, String userId, String role, int queueDepth, long droppedPresence) {
    }
}
