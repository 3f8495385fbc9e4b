package io.pixelcraft.mail.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** SMTP server and retry settings of the mail sender (PID {@code io.pixelcraft.mail}). */
@ObjectClassDefinition(name = "PixelCraft mail", description = "SMTP server, sender address and retry policy of the mail outbox.")
public @interface MailConfig {

    @AttributeDefinition(name = "SMTP host")
    String smtpHost() default "127.0.0.1";

    @AttributeDefinition(name = "SMTP port", min = "1", max = "65535")
    int smtpPort() default 2525;

    @AttributeDefinition(name = "TLS", description = "none: plain SMTP; starttls: upgrade the connection and fail without TLS; smtps: TLS from the first byte (usually port 465).",
            options = { @Option(label = "None", value = "none"), @Option(label = "STARTTLS (required)", value = "starttls"),
                    @Option(label = "SMTPS", value = "smtps") })
    String tls() default "none";

    @AttributeDefinition(name = "User name", description = "SMTP AUTH user; empty for no authentication.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, description = "SMTP AUTH password.")
    String password() default "";

    @AttributeDefinition(name = "From", description = "Sender address, optionally with a display name.")
    String from() default "PixelCraft <no-reply@pixelcraft.invalid>";

    @AttributeDefinition(name = "Connect timeout (seconds)", min = "1")
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(name = "Read timeout (seconds)", description = "Timeout of each SMTP command and write.", min = "1")
    int readTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Poll interval (seconds)", description = "How often the sender looks for due messages; new messages are also sent at once.", min = "1")
    int pollIntervalSeconds() default 5;

    @AttributeDefinition(name = "First retry delay (seconds)", description = "Delay after the first failed attempt; it doubles with every further failure.", min = "1")
    int initialBackoffSeconds() default 10;

    @AttributeDefinition(name = "Maximum retry delay (seconds)", min = "1")
    int maxBackoffSeconds() default 900;

    @AttributeDefinition(name = "Maximum attempts", description = "After this many failed attempts a message is marked failed and kept in the outbox. The default with the default delays retries for about two days.", min = "1")
    int maxAttempts() default 200;
}
