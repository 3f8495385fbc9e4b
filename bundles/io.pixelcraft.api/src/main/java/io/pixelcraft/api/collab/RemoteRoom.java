package io.pixelcraft.api.collab;

/**
 * The node that holds the room lease of a project, as recorded in the lease that another node reads.
 *
 * @param nodeId the holder's node id, as configured or generated when its collaboration service started
 * @param advertisedUrl the holder's base HTTP URL (for example {@code https://node-2.example.org}),
 *        or an empty string when the holder has none configured
 */
public record RemoteRoom(String nodeId, String advertisedUrl) {

    public RemoteRoom {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("Missing node id of a remote room");
        }
        advertisedUrl = advertisedUrl == null ? "" : advertisedUrl;
    }
}
