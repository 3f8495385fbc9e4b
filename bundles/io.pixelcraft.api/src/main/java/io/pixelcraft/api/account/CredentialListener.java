package io.pixelcraft.api.account;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Notified by the accounts bundle when credentials of a user end early: sign-out, a revoked
 * session or personal access token, a disabled user, or a password reset. Meant for bundles that
 * keep connections open after authenticating them once, so they can check those connections at
 * once instead of at their next scheduled check. Expiry is not notified.
 */
@ConsumerType
public interface CredentialListener {

    /**
     * Reports that one or more credentials of the user were revoked. Called on the thread that
     * revoked them, after the change is stored, so implementations must return quickly and hand
     * any lookup to their own threads. Exceptions are logged and ignored.
     *
     * @param userId the id of the user whose credentials were revoked
     */
    void credentialsRevoked(String userId);
}
