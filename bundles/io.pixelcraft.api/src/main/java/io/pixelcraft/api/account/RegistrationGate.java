package io.pixelcraft.api.account;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Admits a registration while registration is invite-only; meant to be registered by the
 * invitations feature. Without a gate, invite-only registration rejects everybody and
 * administrators create users from the console.
 */
@ConsumerType
public interface RegistrationGate {

    /**
     * Returns whether the invitation admits a user with this email. Called before the account is
     * created; the gate marks the invitation as used itself.
     *
     * @param email           the normalised email of the new user
     * @param invitationToken the token from the registration request, never {@code null}
     */
    boolean admit(String email, String invitationToken);
}
