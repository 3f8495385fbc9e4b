package io.pixelcraft.share.internal;

import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English and German texts of share pages and invitation mails. Placeholders are {@code {name}}
 * and are filled with plain text: HTML escaping happens later, in the template.
 */
final class Messages {

    static final Locale ENGLISH = Locale.ENGLISH;
    static final Locale GERMAN = Locale.GERMAN;

    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("role.viewer", "viewer"),
            Map.entry("role.editor", "editor"),
            Map.entry("role.owner", "owner"),
            Map.entry("page.untitledProject", "A PixelCraft project"),
            Map.entry("page.untitledImage", "Shared image"),
            Map.entry("page.title", "{name} on PixelCraft"),
            Map.entry("page.projectDescription", "A PixelCraft project shared with you as {role}."),
            Map.entry("page.imageDescription", "An image shared on PixelCraft."),
            Map.entry("page.join", "Join as {role}"),
            Map.entry("page.signIn", "Sign in to PixelCraft, then open this link again to join the project."),
            Map.entry("page.invitedOther", "This invitation was sent to another email address. Sign in with that address to join."),
            Map.entry("page.openApp", "Open PixelCraft"),
            Map.entry("page.fullImage", "Open the full image"),
            Map.entry("page.goneTitle", "This link no longer works"),
            Map.entry("page.goneText", "The link was revoked or has expired. Ask the person who shared it for a new one."),
            Map.entry("page.notFoundTitle", "Link not found"),
            Map.entry("page.notFoundText", "No share link matches this address. Check that you copied the whole link."),
            Map.entry("page.joinedTitle", "You joined {name}"),
            Map.entry("page.joinedText", "Your role in the project: {role}."),
            Map.entry("page.failedTitle", "Joining failed"),
            Map.entry("mail.subject", "{sender} invited you to {name} on PixelCraft"),
            Map.entry("mail.intro", "{sender} invited you to the project {name} as {role}."),
            Map.entry("mail.note", "Their message:"),
            Map.entry("mail.action", "Open the invitation"),
            Map.entry("mail.expiry", "The link expires on {date}. If you did not expect this mail, ignore it."));

    private static final Map<String, String> DE = Map.ofEntries(
            Map.entry("role.viewer", "Betrachter"),
            Map.entry("role.editor", "Bearbeiter"),
            Map.entry("role.owner", "Eigentümer"),
            Map.entry("page.untitledProject", "Ein PixelCraft-Projekt"),
            Map.entry("page.untitledImage", "Geteiltes Bild"),
            Map.entry("page.title", "{name} auf PixelCraft"),
            Map.entry("page.projectDescription", "Ein PixelCraft-Projekt, das mit dir als {role} geteilt wurde."),
            Map.entry("page.imageDescription", "Ein auf PixelCraft geteiltes Bild."),
            Map.entry("page.join", "Als {role} beitreten"),
            Map.entry("page.signIn", "Melde dich bei PixelCraft an und öffne diesen Link dann erneut, um dem Projekt beizutreten."),
            Map.entry("page.invitedOther", "Diese Einladung ging an eine andere E-Mail-Adresse. Melde dich mit dieser Adresse an, um beizutreten."),
            Map.entry("page.openApp", "PixelCraft öffnen"),
            Map.entry("page.fullImage", "Ganzes Bild öffnen"),
            Map.entry("page.goneTitle", "Dieser Link funktioniert nicht mehr"),
            Map.entry("page.goneText", "Der Link wurde widerrufen oder ist abgelaufen. Bitte die Person, die ihn geteilt hat, um einen neuen."),
            Map.entry("page.notFoundTitle", "Link nicht gefunden"),
            Map.entry("page.notFoundText", "Zu dieser Adresse gibt es keinen geteilten Link. Prüfe, ob du den ganzen Link kopiert hast."),
            Map.entry("page.joinedTitle", "Du bist {name} beigetreten"),
            Map.entry("page.joinedText", "Deine Rolle im Projekt: {role}."),
            Map.entry("page.failedTitle", "Beitritt fehlgeschlagen"),
            Map.entry("mail.subject", "{sender} hat dich zu {name} auf PixelCraft eingeladen"),
            Map.entry("mail.intro", "{sender} hat dich als {role} zum Projekt {name} eingeladen."),
            Map.entry("mail.note", "Die Nachricht dazu:"),
            Map.entry("mail.action", "Einladung öffnen"),
            Map.entry("mail.expiry", "Der Link läuft am {date} ab. Wenn du diese Mail nicht erwartet hast, ignoriere sie."));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)\\}");

    private final Locale locale;
    private final Map<String, String> texts;

    private Messages(Locale locale, Map<String, String> texts) {
        this.locale = locale;
        this.texts = texts;
    }

    static Messages of(Locale locale) {
        return "de".equals(locale.getLanguage()) ? new Messages(GERMAN, DE) : new Messages(ENGLISH, EN);
    }

    /** Picks German or English, whichever the request's {@code Accept-Language} lists first, and English when it lists neither. */
    static Messages of(Enumeration<Locale> preferred) {
        while (preferred != null && preferred.hasMoreElements()) {
            String language = preferred.nextElement().getLanguage();
            if ("de".equals(language) || "en".equals(language)) {
                return of(Locale.forLanguageTag(language));
            }
        }
        return of(ENGLISH);
    }

    Locale locale() {
        return locale;
    }

    /** Returns the text with each {@code {key}} replaced by the value that follows it in {@code pairs}. */
    String get(String key, String... pairs) {
        String text = texts.get(key);
        if (text == null) {
            throw new IllegalArgumentException("No text '" + key + "' for " + locale);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        // One pass, so a value that itself contains "{role}" is not replaced again.
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    String role(io.pixelcraft.api.web.ProjectRole role) {
        return get("role." + role.jsonName());
    }
}
