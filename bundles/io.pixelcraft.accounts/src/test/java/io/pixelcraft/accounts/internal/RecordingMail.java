package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.mail.MailMessage;
import io.pixelcraft.api.mail.MailService;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps queued mail in memory; the mail bundle's own tests send through a real SMTP server. */
final class RecordingMail implements MailService {

    private static final Pattern TOKEN = Pattern.compile("#token=([A-Za-z0-9_-]+)");

    final List<MailMessage> messages = new CopyOnWriteArrayList<>();

    @Override
    public String enqueue(MailMessage message) {
        messages.add(message);
        return "mail-" + messages.size();
    }

    /** Returns the reset token from the link in the last message. */
    String lastToken() {
        Matcher matcher = TOKEN.matcher(messages.get(messages.size() - 1).text());
        if (!matcher.find()) {
            throw new AssertionError("The last mail has no reset link: " + messages.get(messages.size() - 1).text());
        }
        return matcher.group(1);
    }
}
