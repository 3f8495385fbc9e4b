package io.pixelcraft.mail.internal;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Enumeration;
import java.util.Properties;
import java.util.function.Supplier;
import org.bson.Document;
import org.eclipse.angus.activation.MailcapRegistryProviderImpl;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/** Sends one outbox message over SMTP with Jakarta Mail (Eclipse Angus Mail). */
final class SmtpSender {

    private static final ClassLoader PROVIDER_LOADER = new ProviderClassLoader(SMTPTransport.class.getClassLoader(),
            MailcapRegistryProviderImpl.class.getClassLoader());

    private final MailConfig config;
    private final String protocol;
    private final Session session;

    SmtpSender(MailConfig config) {
        this.config = config;
        this.protocol = "smtps".equals(config.tls()) ? "smtps" : "smtp";
        Properties props = new Properties();
        String prefix = "mail." + protocol + ".";
        props.put(prefix + "host", config.smtpHost());
        props.put(prefix + "port", Integer.toString(config.smtpPort()));
        props.put(prefix + "connectiontimeout", Integer.toString(config.connectTimeoutSeconds() * 1000));
        props.put(prefix + "timeout", Integer.toString(config.readTimeoutSeconds() * 1000));
        props.put(prefix + "writetimeout", Integer.toString(config.readTimeoutSeconds() * 1000));
        props.put(prefix + "auth", Boolean.toString(!config.username().isEmpty()));
        props.put(prefix + "ssl.checkserveridentity", "true");
        if ("starttls".equals(config.tls())) {
            props.put(prefix + "starttls.enable", "true");
            props.put(prefix + "starttls.required", "true");
        }
        this.session = withProviderClassLoader(() -> Session.getInstance(props));
    }

    /**
     * Sends the message.
     *
     * @throws MessagingException when the server cannot be reached or rejects the message;
     *         {@link #isPermanent} returns whether a retry can help
     */
    void send(Document outboxMessage) throws MessagingException {
        MessagingException[] failure = new MessagingException[1];
        withProviderClassLoader(() -> {
            try {
                MimeMessage message = build(outboxMessage);
                try (Transport transport = session.getTransport(protocol)) {
                    transport.connect(config.smtpHost(), config.smtpPort(),
                            config.username().isEmpty() ? null : config.username(),
                            config.username().isEmpty() ? null : config.password());
                    transport.sendMessage(message, message.getAllRecipients());
                }
            } catch (MessagingException e) {
                failure[0] = e;
            }
            return null;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private MimeMessage build(Document doc) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(config.from(), true));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(doc.getString("to"), true));
        message.setSubject(doc.getString("subject"), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        String html = doc.getString("html");
        if (html == null) {
            message.setText(doc.getString("text"), StandardCharsets.UTF_8.name());
        } else {
            MimeBodyPart textPart = new MimeBodyPart();
            textPart.setText(doc.getString("text"), StandardCharsets.UTF_8.name());
            MimeBodyPart htmlPart = new MimeBodyPart();
            htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
            message.setContent(new MimeMultipart("alternative", textPart, htmlPart));
        }
        message.setHeader("Content-Language", doc.getString("locale"));
        message.saveChanges();
        return message;
    }

    /**
     * Returns whether retrying cannot help: the address is malformed or the server rejected a
     * recipient with a permanent (5xx) reply.
     */
    static boolean isPermanent(MessagingException e) {
        if (e instanceof AddressException) {
            return true;
        }
        if (e instanceof SendFailedException failed) {
            Address[] invalid = failed.getInvalidAddresses();
            return invalid != null && invalid.length > 0;
        }
        return false;
    }

    /**
     * Runs the action with a context class loader that loads from Angus Mail and Angus Activation.
     * Jakarta Mail and Jakarta Activation find their providers ({@code META-INF/services}), the
     * MIME handlers ({@code META-INF/mailcap}) and the SMTP transport through the context class
     * loader, which in OSGi cannot load from those bundles.
     */
    // Outside OSGi (the unit tests) both loaders are the application class loader. Inside Karaf
    // 4.4.10 this was checked by hand only: no automated test covers it yet.
    private static <T> T withProviderClassLoader(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(PROVIDER_LOADER);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Looks classes and resources up in Angus Mail's bundle first, then in Angus Activation's. */
    private static final class ProviderClassLoader extends ClassLoader {
        private final ClassLoader activation;

        ProviderClassLoader(ClassLoader mail, ClassLoader activation) {
            super(mail);
            this.activation = activation;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            return activation.loadClass(name);
        }

        @Override
        protected URL findResource(String name) {
            return activation.getResource(name);
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            return activation.getResources(name);
        }
    }
}
