package io.pixelcraft.share.internal;

import io.pixelcraft.api.web.ProjectRole;
import java.time.Instant;

/**
 * One stored share link.
 *
 * @param id           public share id, for listing and revocation
 * @param tokenHash    SHA-256 of the token; the token itself is never stored
 * @param targetType   whether the link opens a project or an image
 * @param targetId     the project id or the image's SHA-256
 * @param role         the role the link grants; always {@code VIEWER} for images
 * @param createdBy    user id of the authenticated caller who created the link
 * @param createdAt    creation time
 * @param expiresAt    expiry, or {@code null} for a link that does not expire
 * @param revokedAt    revocation time, or {@code null} while the link is active
 * @param invitedEmail for an invitation, the normalised recipient address; only that user may join
 * @param projectId    the project a link belongs to: the target of a project link, and for an image
 *                     link the project through which the creator published the image. {@code null}
 *                     for an image link that an uploader of the image created without a project
 */
record ShareRecord(String id, String tokenHash, TargetType targetType, String targetId, ProjectRole role,
        String createdBy, Instant createdAt, Instant expiresAt, Instant revokedAt, String invitedEmail,
        String projectId) {

    /** The kind of object a share link opens. */
    enum TargetType {
        PROJECT,
        IMAGE;

        String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Returns whether the link still opens its target at {@code now}. */
    boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}
