package io.pixelcraft.api.collab;

import org.osgi.annotation.versioning.ProviderType;

/** Counts of the real-time collaboration service on this node, for status and health output. */
@ProviderType
public interface CollabStatus {

    /** Returns the number of open rooms, one per project that has or recently had connections. */
    int roomCount();

    /** Returns the number of open WebSocket connections, joined to a room or not yet. */
    int connectionCount();
}
