package io.pixelcraft.api.account;

import java.time.Instant;

/**
 * An active browser session, without its secret.
 *
 * @param id            public session id, for revocation; not the cookie value
 * @param userId        the signed-in user
 * @param email         the user's email
 * @param createdAt     sign-in time
 * @param lastSeenAt    last request, updated at most once a minute
 * @param expiresAt     absolute expiry; idle expiry can end the session earlier
 * @param clientAddress client address at sign-in
 * @param userAgent     {@code User-Agent} at sign-in, shortened
 */
public record SessionInfo(String id, String userId, String email, Instant createdAt, Instant lastSeenAt,
        Instant expiresAt, String clientAddress, String userAgent) {
}
