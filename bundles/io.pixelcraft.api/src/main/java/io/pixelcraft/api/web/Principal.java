package io.pixelcraft.api.web;

import java.util.Objects;

/**
 * The authenticated caller of a request or WebSocket session.
 *
 * @param userId      the user's id
 * @param email       the user's normalised email
 * @param displayName the name shown to collaborators
 * @param admin       whether the user is a platform administrator
 * @param method      how the caller authenticated
 * @param credentialId the id (not the secret) of the session or token used, for revocation
 */
public record Principal(String userId, String email, String displayName, boolean admin,
        AuthMethod method, String credentialId) {

    /** Ways a caller can authenticate. */
    public enum AuthMethod {
        /** Browser session cookie; state-changing requests also need the CSRF token. */
        SESSION,
        /** Personal access token in {@code Authorization: Bearer}. */
        TOKEN
    }

    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(method, "method");
    }
}
