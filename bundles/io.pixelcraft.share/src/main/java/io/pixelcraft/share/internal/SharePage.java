package io.pixelcraft.share.internal;

import io.pixelcraft.api.mail.HtmlTemplate;
import java.util.Map;
import java.util.Optional;

/**
 * Renders share pages as complete HTML documents that need no JavaScript. Every value passes
 * through {@link HtmlTemplate}, which escapes it, so a project named {@code <script>} shows as
 * text. The OpenGraph and Twitter Card tags let chat tools show a title, text and thumbnail.
 */
final class SharePage {

    /** The action a page offers besides the preview. */
    sealed interface Action {
    }

    /** Nothing to do: an image link, or a project link for its members. */
    record NoAction() implements Action {
    }

    /** A request to sign in first, shown to anonymous visitors of a project link. */
    record SignIn() implements Action {
    }

    /** The invitation belongs to another address than the signed-in user's. */
    record InvitedOther() implements Action {
    }

    /**
     * A form that posts back to the page to join the project.
     *
     * @param csrfToken the visitor's CSRF token, copied from the {@code pc_csrf} cookie into a hidden field
     */
    record Join(String formAction, String csrfToken, String roleLabel) implements Action {
    }

    private static final HtmlTemplate HEAD = HtmlTemplate.of("""
            <!DOCTYPE html>
            <html lang="{{lang}}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <meta name="robots" content="noindex, nofollow">
            <title>{{documentTitle}}</title>
            <meta name="description" content="{{description}}">
            <meta property="og:site_name" content="PixelCraft">
            <meta property="og:type" content="website">
            <meta property="og:title" content="{{title}}">
            <meta property="og:description" content="{{description}}">
            <meta property="og:locale" content="{{ogLocale}}">
            <meta name="twitter:title" content="{{title}}">
            <meta name="twitter:description" content="{{description}}">
            """);
    private static final HtmlTemplate HEAD_IMAGE = HtmlTemplate.of("""
            <meta property="og:image" content="{{image}}">
            <meta property="og:image:alt" content="{{title}}">
            <meta name="twitter:card" content="summary_large_image">
            <meta name="twitter:image" content="{{image}}">
            <meta name="twitter:image:alt" content="{{title}}">
            """);
    private static final String HEAD_NO_IMAGE = "<meta name=\"twitter:card\" content=\"summary\">\n";
    private static final String STYLE = """
            <style>
            body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;background:#fff}
            img{max-width:100%;height:auto;border:1px solid #ccc}
            button,a.button{font:inherit;padding:.5rem 1rem;background:#1f4fd1;color:#fff;border:0;border-radius:4px;text-decoration:none}
            </style>
            </head>
            """;
    private static final HtmlTemplate BODY = HtmlTemplate.of("""
            <body>
            <main>
            <h1>{{title}}</h1>
            <p>{{description}}</p>
            """);
    private static final HtmlTemplate BODY_IMAGE = HtmlTemplate.of("""
            <p><img src="{{image}}" alt="{{title}}"></p>
            """);
    private static final HtmlTemplate BODY_FULL_IMAGE = HtmlTemplate.of("""
            <p><a href="{{link}}">{{label}}</a></p>
            """);
    private static final HtmlTemplate BODY_TEXT = HtmlTemplate.of("""
            <p>{{text}}</p>
            """);
    private static final HtmlTemplate BODY_JOIN = HtmlTemplate.of("""
            <form method="post" action="{{action}}">
            <input type="hidden" name="csrf" value="{{csrf}}">
            <button type="submit">{{label}}</button>
            </form>
            """);
    private static final HtmlTemplate END = HtmlTemplate.of("""
            <p><a href="{{home}}">{{open}}</a></p>
            </main>
            </body>
            </html>
            """);

    private SharePage() {
    }

    /**
     * Renders the preview of a shared project or image.
     *
     * @param imageUrl     absolute URL of the thumbnail, which also becomes {@code og:image}
     * @param fullImageUrl URL of the image itself, for image links
     */
    static String preview(Messages texts, String home, String title, String description, Optional<String> imageUrl,
            Optional<String> fullImageUrl, Action action) {
        StringBuilder html = new StringBuilder(head(texts, texts.get("page.title", "name", title), title, description));
        imageUrl.ifPresentOrElse(url -> html.append(HEAD_IMAGE.render(Map.of("image", url, "title", title))),
                () -> html.append(HEAD_NO_IMAGE));
        html.append(STYLE);
        html.append(BODY.render(Map.of("title", title, "description", description)));
        imageUrl.ifPresent(url -> html.append(BODY_IMAGE.render(Map.of("image", url, "title", title))));
        fullImageUrl.ifPresent(url -> html.append(BODY_FULL_IMAGE.render(Map.of("link", url, "label", texts.get("page.fullImage")))));
        if (action instanceof Join join) {
            html.append(BODY_JOIN.render(Map.of("action", join.formAction(), "csrf", join.csrfToken(),
                    "label", texts.get("page.join", "role", join.roleLabel()))));
        } else if (action instanceof SignIn) {
            html.append(BODY_TEXT.render(Map.of("text", texts.get("page.signIn"))));
        } else if (action instanceof InvitedOther) {
            html.append(BODY_TEXT.render(Map.of("text", texts.get("page.invitedOther"))));
        }
        html.append(END.render(Map.of("home", home, "open", texts.get("page.openApp"))));
        return html.toString();
    }

    /** Renders a page with a heading and one paragraph, for unknown, revoked and joined links. */
    static String notice(Messages texts, String home, String title, String text) {
        StringBuilder html = new StringBuilder(head(texts, title, title, text));
        html.append(HEAD_NO_IMAGE).append(STYLE);
        html.append(BODY.render(Map.of("title", title, "description", text)));
        html.append(END.render(Map.of("home", home, "open", texts.get("page.openApp"))));
        return html.toString();
    }

    /** Renders the head up to the image tags. {@code documentTitle} is the browser tab's title, {@code title} the preview's. */
    private static String head(Messages texts, String documentTitle, String title, String description) {
        String lang = texts.locale().getLanguage();
        String ogLocale = "de".equals(lang) ? "de_DE" : "en_US";
        return HEAD.render(Map.of("lang", lang, "documentTitle", documentTitle, "title", title, "description", description, "ogLocale", ogLocale));
    }
}
