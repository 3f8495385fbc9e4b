package io.pixelcraft.share.internal;

import java.time.Instant;

/** Request and response bodies of the share routes. Field names are part of the documented API. */
final class Views {

    private Views() {
    }

    /**
     * A share link without its token.
     *
     * @param targetType   {@code project} or {@code image}
     * @param invitedEmail the recipient for a link sent by invitation, otherwise {@code null}
     * @param active       whether the link opens its target now: neither revoked nor expired, and
     *                     for an image link, its creator may still publish the image
     * @param projectId    the project the link belongs to, or {@code null} for an image link that an
     *                     uploader created without a project
     */
    record ShareView(String id, String targetType, String targetId, String role, String createdBy,
            Instant createdAt, Instant expiresAt, Instant revokedAt, boolean active, String invitedEmail,
            String projectId) {
    }

    /** The response to creating a link: the only time the token appears, inside {@code url}. */
    record CreatedShare(ShareView share, String url) {
    }

    record ShareList(java.util.List<ShareView> items) {
    }

    /** @param expiresAt optional expiry; {@code null} for a link that does not expire */
    record CreateShare(String role, Instant expiresAt) {
    }

    /**
     * @param expiresAt optional expiry; {@code null} for a link that does not expire
     * @param projectId optional project that contains the image and in which the caller is editor
     *                  or owner; the link then belongs to that project
     */
    record CreateImageShare(Instant expiresAt, String projectId) {
    }

    /**
     * @param message  optional personal note, at most {@link ShareRoutes#MAX_MESSAGE_LENGTH} characters
     * @param language {@code en} or {@code de}; {@code null} for the caller's {@code Accept-Language}
     */
    record CreateInvitation(String email, String role, String message, String language, Instant expiresAt) {
    }

    /** An invitation as the API returns it; the link is only in the mail. */
    record InvitationView(String id, String email, String role, String createdBy, Instant createdAt, Instant expiresAt) {
    }

    record AcceptShare(String token) {
    }

    /** @param role the caller's role in the project after joining, which may be above the link's */
    record Accepted(String projectId, String role) {
    }
}
