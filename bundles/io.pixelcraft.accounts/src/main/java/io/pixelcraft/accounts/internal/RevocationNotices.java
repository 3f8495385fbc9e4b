package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.account.CredentialListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered {@link CredentialListener}s, which are notified when credentials of a user are revoked. */
final class RevocationNotices {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationNotices.class);

    private final List<CredentialListener> listeners = new CopyOnWriteArrayList<>();

    void add(CredentialListener listener) {
        listeners.add(listener);
    }

    void remove(CredentialListener listener) {
        listeners.remove(listener);
    }

    /** Notifies every listener. A failing listener is logged and does not stop the others. */
    void revoked(String userId) {
        for (CredentialListener listener : listeners) {
            try {
                listener.credentialsRevoked(userId);
            } catch (RuntimeException e) {
                LOG.warn("Credential listener {} failed on the revocation for user {}", listener.getClass().getName(),
                        userId, e);
            }
        }
    }
}
