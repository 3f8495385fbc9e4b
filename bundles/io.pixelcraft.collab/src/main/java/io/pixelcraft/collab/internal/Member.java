package io.pixelcraft.collab.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectRole;

/**
 * One connection's place in a room. The fields other than the final ones are guarded by the
 * room's lock.
 */
final class Member {

    final String sessionId;
    final Principal principal;
    final Outbox outbox;
    final long joinedAtMillis = System.currentTimeMillis();
    ProjectRole role;
    String colour;
    /** Batches up to this sequence number are already in what the member received at join. */
    long deliverAfter;
    /** The latest presence fields: cursor, selection, viewport, following. */
    final ObjectNode presence = JsonCodec.object();
    boolean presenceChanged;

    Member(String sessionId, Principal principal, ProjectRole role, Outbox outbox) {
        this.sessionId = sessionId;
        this.principal = principal;
        this.role = role;
        this.outbox = outbox;
    }

    ObjectNode describe() {
        ObjectNode node = JsonCodec.object();
        node.put("session", sessionId);
        node.put("userId", principal.userId());
        node.put("displayName", principal.displayName());
        node.put("colour", colour);
        node.put("role", role.jsonName());
        node.setAll(presence);
        return node;
    }
}
