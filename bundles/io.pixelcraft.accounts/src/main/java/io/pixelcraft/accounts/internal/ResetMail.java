package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.mail.HtmlTemplate;
import io.pixelcraft.api.mail.MailMessage;
import java.util.Locale;
import java.util.Map;

/** Builds the password reset and account setup mails. */
final class ResetMail {

    private static final HtmlTemplate HTML = HtmlTemplate.of("""
            <!DOCTYPE html>
            <html lang="{{lang}}"><body>
            <p>Hello {{name}},</p>
            <p>{{intro}}</p>
            <p><a href="{{link}}">{{action}}</a></p>
            <p>The link works once and expires in {{minutes}} minutes. If you did not ask for it, ignore this mail.</p>
            </body></html>
            """);

    private ResetMail() {
    }

    /**
     * Builds the mail. The token goes into the URL fragment, which browsers never send to a
     * server, so it does not reach access logs or {@code Referer} headers.
     *
     * @param setup {@code true} for a new account created by an administrator
     */
    // TODO: English only; translate once the web editor has its message catalogue.
    static MailMessage build(String to, String displayName, String baseUrl, String token, int minutes, boolean setup) {
        String link = baseUrl + "/reset-password#token=" + token;
        String subject = setup ? "Set your PixelCraft password" : "Reset your PixelCraft password";
        String intro = setup
                ? "An administrator created a PixelCraft account for you. Choose your password with the link below."
                : "Somebody asked to reset the password of your PixelCraft account. Choose a new password with the link below.";
        String action = setup ? "Set password" : "Reset password";
        String text = "Hello " + displayName + ",\n\n" + intro + "\n\n" + link + "\n\nThe link works once and expires in "
                + minutes + " minutes. If you did not ask for it, ignore this mail.\n";
        String html = HTML.render(Map.of("lang", "en", "name", displayName, "intro", intro, "link", link,
                "action", action, "minutes", Integer.toString(minutes)));
        return new MailMessage(to, subject, text, html, Locale.ENGLISH);
    }
}
