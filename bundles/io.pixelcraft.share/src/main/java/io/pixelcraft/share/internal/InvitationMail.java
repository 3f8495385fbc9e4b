package io.pixelcraft.share.internal;

import io.pixelcraft.api.mail.HtmlTemplate;
import io.pixelcraft.api.mail.MailMessage;
import io.pixelcraft.api.web.ProjectRole;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Builds invitation mails. Every user-supplied value (sender name, project name, message) goes
 * through {@link HtmlTemplate}, which escapes it, so a message with markup arrives as text.
 */
final class InvitationMail {

    private static final HtmlTemplate HTML = HtmlTemplate.of("""
            <!DOCTYPE html>
            <html lang="{{lang}}"><body>
            <p>{{intro}}</p>
            """);
    private static final HtmlTemplate HTML_NOTE = HtmlTemplate.of("""
            <p>{{noteLabel}}</p>
            <blockquote style="white-space: pre-wrap">{{note}}</blockquote>
            """);
    private static final HtmlTemplate HTML_END = HtmlTemplate.of("""
            <p><a href="{{link}}">{{action}}</a></p>
            <p>{{expiry}}</p>
            </body></html>
            """);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private InvitationMail() {
    }

    /**
     * Builds the mail.
     *
     * @param link    the share page URL with the token, built by the caller from the configured base URL
     * @param message the sender's note, or {@code null}
     */
    static MailMessage build(Messages texts, String to, String senderName, String projectName, ProjectRole role,
            String message, String link, Instant expiresAt) {
        String sender = singleLine(senderName);
        String project = singleLine(projectName);
        String intro = texts.get("mail.intro", "sender", sender, "name", project, "role", texts.role(role));
        String subject = texts.get("mail.subject", "sender", sender, "name", project);
        String action = texts.get("mail.action");
        String expiry = texts.get("mail.expiry", "date", DATE.format(expiresAt));
        String lang = texts.locale().getLanguage();

        StringBuilder text = new StringBuilder(intro).append("\n\n");
        StringBuilder html = new StringBuilder(HTML.render(Map.of("lang", lang, "intro", intro)));
        if (message != null && !message.isBlank()) {
            text.append(texts.get("mail.note")).append("\n\n").append(message.strip()).append("\n\n");
            html.append(HTML_NOTE.render(Map.of("noteLabel", texts.get("mail.note"), "note", message.strip())));
        }
        text.append(action).append(": ").append(link).append("\n\n").append(expiry).append('\n');
        html.append(HTML_END.render(Map.of("link", link, "action", action, "expiry", expiry)));
        return new MailMessage(to, subject, text.toString(), html.toString(), texts.locale());
    }

    /** Replaces line breaks and other control characters, which a subject line must not contain. */
    private static String singleLine(String value) {
        return value == null ? "" : value.replaceAll("\\p{Cntrl}+", " ").strip();
    }
}
