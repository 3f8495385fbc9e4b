package io.pixelcraft.collab.internal;

import io.pixelcraft.api.account.CredentialListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Checks a user's open connections as soon as the accounts bundle reports revoked credentials,
 * so that a sign-out closes the socket at once. The scheduled checks of {@link Revalidation} still
 * catch what is not reported, such as expiry or a store that was briefly down.
 */
@Component(service = CredentialListener.class)
public final class RevocationListener implements CredentialListener {

    private final RoomManager manager;

    @Activate
    public RevocationListener(@Reference RoomManager manager) {
        this.manager = manager;
    }

    @Override
    public void credentialsRevoked(String userId) {
        manager.revalidateUser(userId);
    }
}
