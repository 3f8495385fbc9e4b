package io.pixelcraft.api.mail;

import java.util.Locale;
import java.util.Objects;

/**
 * One outgoing message with a plain-text and an HTML part.
 *
 * @param to      one recipient address
 * @param subject subject line, without line breaks
 * @param text    plain-text part
 * @param html    HTML part, rendered with {@link HtmlTemplate} so that every user-supplied value
 *                is escaped, or {@code null} for a text-only message
 * @param locale  language of the message, sent as {@code Content-Language}
 */
public record MailMessage(String to, String subject, String text, String html, Locale locale) {

    public MailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(locale, "locale");
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("Mail subject must not contain line breaks");
        }
        if (to.isBlank() || to.chars().anyMatch(c -> c == '\r' || c == '\n' || c == ',' || c == ';')) {
            throw new IllegalArgumentException("Mail recipient must be one address, without line breaks, commas or semicolons");
        }
    }
}
