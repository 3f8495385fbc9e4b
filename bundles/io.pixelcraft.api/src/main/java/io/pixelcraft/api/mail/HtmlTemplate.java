package io.pixelcraft.api.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTML mail template with {@code {{name}}} placeholders. Every value is HTML-escaped when the
 * template is rendered, so a user-supplied name or message can never add markup to a mail. The
 * template text itself is trusted and must come from the code, never from a request.
 *
 * <p>Placeholders may appear in element content and in double-quoted attribute values. A value
 * placed in an {@code href} must additionally be a URL the caller built and checked, because
 * escaping does not stop a {@code javascript:} URL.
 */
public final class HtmlTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9]*)\\}\\}");

    private final String source;
    private final List<String> names;

    private HtmlTemplate(String source) {
        this.source = source;
        List<String> found = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(source);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        this.names = List.copyOf(found);
    }

    /** Parses a template. */
    public static HtmlTemplate of(String source) {
        return new HtmlTemplate(Objects.requireNonNull(source, "source"));
    }

    /**
     * Renders the template with every value HTML-escaped.
     *
     * @throws IllegalArgumentException when a placeholder has no value
     */
    public String render(Map<String, String> values) {
        for (String name : names) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("Template value '" + name + "' is missing");
            }
        }
        Matcher matcher = PLACEHOLDER.matcher(source);
        StringBuilder out = new StringBuilder(source.length() + 64);
        while (matcher.find()) {
            String value = String.valueOf(values.get(matcher.group(1)));
            matcher.appendReplacement(out, Matcher.quoteReplacement(escape(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Escapes the five characters that are special in HTML content and quoted attributes. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
