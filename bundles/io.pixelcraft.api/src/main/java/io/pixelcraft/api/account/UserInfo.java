package io.pixelcraft.api.account;

import java.time.Instant;

/**
 * A user as other bundles see it, without any credential.
 *
 * @param id          stable user id
 * @param email       normalised email address
 * @param displayName name shown to collaborators
 * @param admin       whether the user is a platform administrator
 * @param disabled    whether sign-in is blocked; a disabled user's sessions and tokens are rejected
 * @param createdAt   registration time
 */
public record UserInfo(String id, String email, String displayName, boolean admin, boolean disabled,
        Instant createdAt) {
}
