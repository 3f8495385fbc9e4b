/**
 * Outgoing mail: messages are queued in a durable outbox and sent in the background, so a caller
 * never waits for the SMTP server and a message survives an SMTP outage or a restart.
 *
 * <p>{@link io.pixelcraft.api.mail.MailService} is a provider type that the mail bundle
 * implements. A bundle that only calls it imports this package with {@code [1.0,2.0)}; the
 * implementation imports it with {@code [1.0,1.1)}, because a minor version may add methods that
 * only the implementation must provide. {@link io.pixelcraft.api.mail.HtmlTemplate} and
 * {@link io.pixelcraft.api.mail.MailMessage} are final value types.
 */
@Version("1.0.0")
@Export
package io.pixelcraft.api.mail;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
