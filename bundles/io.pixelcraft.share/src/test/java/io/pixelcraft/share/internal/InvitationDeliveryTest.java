package io.pixelcraft.share.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.pixelcraft.api.web.ProjectRole;
import io.pixelcraft.mail.internal.MailConfig;
import io.pixelcraft.mail.internal.OutboxMailService;
import io.pixelcraft.testing.FakeImageStore;
import io.pixelcraft.testing.TestConfigs;
import io.pixelcraft.testing.TestDispatcher;
import io.pixelcraft.testing.TestStorage;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Invitations end to end through the mail bundle's outbox to GreenMail, a real SMTP server on a
 * free local port.
 */
class InvitationDeliveryTest {

    static final String PROJECT = "665f1c2b9d3e4a0012345678";
    static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    private TestStorage storage;
    private int port;
    private GreenMail smtp;
    private OutboxMailService mail;
    private FakeProjects projects;
    private TestDispatcher api;

    @BeforeEach
    void start() throws IOException {
        storage = new TestStorage();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        smtp = startSmtp();
        mail = new OutboxMailService(storage, TestConfigs.of(MailConfig.class, Map.of("smtpPort", port,
                "pollIntervalSeconds", 1, "initialBackoffSeconds", 1, "maxBackoffSeconds", 2)));
        projects = new FakeProjects();
        projects.add(PROJECT, "Poster " + HOSTILE, null, Map.of("olga", ProjectRole.OWNER, "ed", ProjectRole.EDITOR));
        ShareRepository repository = new ShareRepository(storage);
        repository.createIndexes();
        ShareService shares = new ShareService(repository, projects, new FakeImageStore(), projects, Clock.systemUTC(),
                Duration.ofDays(365), "https://pixelcraft.example.com");
        InvitationLimiter limiter = new InvitationLimiter(2, Duration.ofMinutes(60), Clock.systemUTC());
        api = new TestDispatcher(new ShareRoutes(shares, projects, () -> mail, limiter, Duration.ofDays(14)).routes());
        api.user("olga", "Olga " + HOSTILE);
        api.user("ed", "Ed Editor");
    }

    @AfterEach
    void stop() throws Exception {
        // deactivate() stops the sender thread but is package-private in the mail bundle, so reflection calls it.
        Method deactivate = OutboxMailService.class.getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(mail);
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

    private TestDispatcher.Result invite(String userId, String email, Map<String, String> extra) {
        Map<String, String> body = new java.util.HashMap<>(Map.of("email", email, "role", "editor"));
        body.putAll(extra);
        return api.call(userId, "POST", "/api/projects/" + PROJECT + "/invitations", body);
    }

    /** Returns the failed attempts of the one message in the mail bundle's outbox, 0 while it has none. */
    private int failedAttempts() {
        Document entry = storage.database().getCollection("mail_outbox").find().first();
        Integer attempts = entry == null ? null : entry.getInteger("attempts");
        return attempts == null ? 0 : attempts;
    }

    private static String part(MimeMessage message, int index) throws Exception {
        // getContent() decodes the transfer encoding (quoted-printable for non-ASCII text).
        return (String) ((MimeMultipart) message.getContent()).getBodyPart(index).getContent();
    }

    @Test
    void invitationDelivered() throws Exception {
        TestDispatcher.Result result = invite("ed", "ann@example.com", Map.of("message", "See you there"));

        assertThat(result.status()).isEqualTo(201);
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("mail arrived").isTrue();
        MimeMessage received = smtp.getReceivedMessages()[0];
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("ann@example.com");
        assertThat(received.getSubject()).startsWith("Ed Editor invited you to Poster");
        assertThat(received.getHeader("Content-Language")[0]).isEqualTo("en");
        assertThat(part(received, 0)).contains("See you there", "https://pixelcraft.example.com/s/");
        assertThat(part(received, 1)).contains("<a href=\"https://pixelcraft.example.com/s/");
    }

    @Test
    void hostileValuesArriveAsText() throws Exception {
        TestDispatcher.Result result = invite("olga", "ann@example.com", Map.of("message", HOSTILE));

        assertThat(result.status()).isEqualTo(201);
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("mail arrived").isTrue();
        String html = part(smtp.getReceivedMessages()[0], 1);
        assertThat(html).doesNotContain("<script", "<img");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;");
        String text = part(smtp.getReceivedMessages()[0], 0);
        assertThat(text).contains(HOSTILE);
    }

    @Test
    void invitationInGerman() throws Exception {
        invite("ed", "ann@example.com", Map.of("language", "de"));

        assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("mail arrived").isTrue();
        MimeMessage received = smtp.getReceivedMessages()[0];
        assertThat(received.getSubject()).startsWith("Ed Editor hat dich zu Poster");
        assertThat(received.getHeader("Content-Language")[0]).isEqualTo("de");
        assertThat(part(received, 0)).contains("als Bearbeiter", "Einladung öffnen");
    }

    @Test
    void invitationSentAfterSmtpOutage() throws Exception {
        smtp.stop();
        smtp = null;

        TestDispatcher.Result result = invite("ed", "ann@example.com", Map.of());
        assertThat(result.status()).as("accepted while SMTP is down").isEqualTo(201);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (failedAttempts() < 1) {
            assertThat(System.nanoTime()).as("a failed delivery attempt within 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        smtp = startSmtp();

        assertThat(smtp.waitForIncomingEmail(15_000, 1)).as("mail arrived after the outage").isTrue();
        assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("ann@example.com");
    }

    @Test
    void rateLimitStopsThirdInvitation() throws Exception {
        assertThat(invite("ed", "a1@example.com", Map.of()).status()).isEqualTo(201);
        assertThat(invite("ed", "a2@example.com", Map.of()).status()).isEqualTo(201);

        TestDispatcher.Result limited = invite("ed", "a3@example.com", Map.of());

        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().get("Retry-After"))).isBetween(3590L, 3601L);
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        Thread.sleep(1500);
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }
}
