package io.pixelcraft.api.account;

import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Principal;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks again whether the credential that authenticated a {@link Principal} is still valid,
 * for connections that authenticate once and then stay open, such as collaboration WebSockets.
 * Implemented by the accounts bundle.
 */
@ProviderType
public interface CredentialValidator {

    /**
     * Validates the session or personal access token named by {@link Principal#credentialId()}.
     * The credential and its user are looked up by unique keys. The check does not count as a use
     * of the credential, so it never extends a session's idle deadline.
     *
     * @throws ApiException 401 with the reason in {@link ApiException#detail()} when the credential
     *         is unknown, revoked or expired, belongs to another user, or its user is disabled or
     *         has ended all sessions since (password change or reset)
     */
    void validate(Principal principal);
}
