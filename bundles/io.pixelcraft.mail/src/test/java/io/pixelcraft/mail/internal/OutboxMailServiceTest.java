package io.pixelcraft.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.mongodb.client.model.Filters;
import io.pixelcraft.api.health.HealthResult;
import io.pixelcraft.api.mail.HtmlTemplate;
import io.pixelcraft.api.mail.MailMessage;
import io.pixelcraft.testing.TestConfigs;
import io.pixelcraft.testing.TestStorage;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox and sender against GreenMail as a real SMTP server and a real MongoDB wire server. */
class OutboxMailServiceTest {

    private TestStorage storage;
    private int port;
    private GreenMail smtp;
    private OutboxMailService mail;

    @BeforeEach
    void start() throws IOException {
        storage = new TestStorage();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        smtp = startSmtp();
        mail = new OutboxMailService(storage, TestConfigs.of(MailConfig.class, Map.of("smtpPort", port,
                "pollIntervalSeconds", 1, "initialBackoffSeconds", 1, "maxBackoffSeconds", 2)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        mail.deactivate();
        if (smtp != null) {
            smtp.stop();
        }
        storage.close();
    }

    private GreenMail startSmtp() {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private static MailMessage message(String subject) {
        return new MailMessage("ann@example.com", subject, "Hello Ann", "<p>Hello Ann</p>", Locale.GERMAN);
    }

    private Document outboxEntry(String id) {
        return storage.database().getCollection(OutboxMailService.COLLECTION).find(Filters.eq("_id", id)).first();
    }

    private static void await(String description, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + description);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void sendsTextAndHtmlParts() throws Exception {
        String id = mail.enqueue(message("Welcome"));

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("mail arrived").isTrue();
        MimeMessage received = smtp.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Welcome");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("ann@example.com");
        assertThat(received.getHeader("Content-Language")[0]).isEqualTo("de");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).isEqualTo("Hello Ann");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        await("the outbox entry to be deleted", Duration.ofSeconds(5), () -> outboxEntry(id) == null);
    }

    @Test
    void retriesUntilSmtpServerIsBack() throws Exception {
        smtp.stop();
        smtp = null;

        String id = mail.enqueue(message("Sent after the outage"));

        await("a failed attempt", Duration.ofSeconds(10),
                () -> outboxEntry(id) != null && outboxEntry(id).getInteger("attempts") >= 1);
        Document waiting = outboxEntry(id);
        assertThat(waiting.getString("status")).isIn(OutboxMailService.PENDING, OutboxMailService.SENDING);
        assertThat(waiting.getString("lastError")).isNotBlank();

        HealthResult during = mail.check();
        assertThat(during.up()).isFalse();
        assertThat(during.detail()).contains("failing since", "messages waiting: 1");

        smtp = startSmtp();

        assertThat(smtp.waitForIncomingEmail(15_000, 1)).as("mail arrived after the restart").isTrue();
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Sent after the outage");
        await("the outbox entry to be deleted", Duration.ofSeconds(5), () -> outboxEntry(id) == null);
        HealthResult after = mail.check();
        assertThat(after.up()).isTrue();
        assertThat(after.detail()).contains("messages waiting: 0");
    }

    @Test
    void messageSurvivesSenderRestart() throws Exception {
        smtp.stop();
        smtp = null;
        String id = mail.enqueue(message("Queued before a restart"));
        await("a failed attempt", Duration.ofSeconds(10),
                () -> outboxEntry(id) != null && outboxEntry(id).getInteger("attempts") >= 1);
        mail.deactivate();

        smtp = startSmtp();
        mail = new OutboxMailService(storage, TestConfigs.of(MailConfig.class, Map.of("smtpPort", port,
                "pollIntervalSeconds", 1, "initialBackoffSeconds", 1, "maxBackoffSeconds", 2)));

        assertThat(smtp.waitForIncomingEmail(15_000, 1)).as("mail sent by the new sender").isTrue();
    }

    @Test
    void invalidRecipientFailsWithoutRetry() throws Exception {
        String id = mail.enqueue(new MailMessage("not an address", "Lost", "text", null, Locale.ENGLISH));

        await("the message to be marked failed", Duration.ofSeconds(10),
                () -> outboxEntry(id) != null && OutboxMailService.FAILED.equals(outboxEntry(id).getString("status")));
        assertThat(outboxEntry(id).getInteger("attempts")).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void htmlPartEscapesUserValues() throws Exception {
        String hostile = "<script>alert('x')</script> & \"Eve\"";
        String html = HtmlTemplate.of("<p>{{name}} shared <a href=\"{{link}}\">{{title}}</a></p>")
                .render(Map.of("name", hostile, "link", "https://example.com/s?a=1&b=2", "title", "<img src=x onerror=y>"));

        mail.enqueue(new MailMessage("ann@example.com", "Shared", "text", html, Locale.ENGLISH));

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMultipart parts = (MimeMultipart) smtp.getReceivedMessages()[0].getContent();
        String receivedHtml = (String) parts.getBodyPart(1).getContent();
        assertThat(receivedHtml).isEqualTo("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Eve&quot; shared "
                + "<a href=\"https://example.com/s?a=1&amp;b=2\">&lt;img src=x onerror=y&gt;</a></p>");
    }
}
