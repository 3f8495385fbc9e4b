package io.pixelcraft.web.internal;

import io.pixelcraft.api.web.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a request's query string, decoded as UTF-8; the first occurrence of a name
 * wins. Parsed here instead of through {@code getParameter}, because the servlet container would
 * also read a form-encoded body as parameters and so consume a streamed upload.
 */
final class QueryString {

    private final Map<String, String> values;

    private QueryString(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses a raw query string, or {@code null} for none.
     *
     * @throws ApiException 400 when a name or value has invalid percent-encoding
     */
    static QueryString parse(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return new QueryString(values);
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.putIfAbsent(name, value);
        }
        return new QueryString(values);
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Query string part '" + encoded
                    + "' has invalid percent-encoding: encode '%' as %25");
        }
    }
}
