package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.Op;
import java.util.List;

/**
 * One accepted batch in a room's order, as stored in the op log and sent to clients.
 *
 * @param seq    the room's sequence number for this batch, from 1
 * @param author the user id of the sender
 * @param batch  the client's batch id, which the sender matches against its pending batches
 * @param ops    the ops exactly as applied
 */
record LoggedBatch(long seq, String author, String batch, List<Op> ops) {

    LoggedBatch {
        ops = List.copyOf(ops);
    }
}
