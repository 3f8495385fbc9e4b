package io.pixelcraft.api.mail;

import org.osgi.annotation.versioning.ProviderType;

/** Queues mail for delivery by the background sender. */
@ProviderType
public interface MailService {

    /**
     * Stores the message in the outbox and returns at once. The sender delivers it when the SMTP
     * server accepts it, retrying with exponential back-off while the server is unreachable.
     *
     * @return the outbox id of the message, for logs
     * @throws io.pixelcraft.api.storage.StorageUnavailableException when the outbox cannot be
     *         written; the message is then not queued
     */
    String enqueue(MailMessage message);
}
