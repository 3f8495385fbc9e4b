package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.web.ApiException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A normalised email address.
 *
 * @param address the address as stored and mailed: trimmed, domain in lower case, local part as
 *                entered
 * @param key     the uniqueness key: the whole address in lower case, so that {@code Ann@x.org}
 *                and {@code ann@x.org} cannot register twice
 */
record Email(String address, String key) {

    // Dot-atom local part of RFC 5322 without quoted strings or comments, which no mail
    // provider hands out and which only complicate logging and matching.
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * Normalises and validates an address from a request.
     *
     * @param field the request field, named in the 400 response
     * @throws ApiException 400 with rule {@code required} or {@code format}
     */
    static Email parse(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.invalidField(field, "required", "Email is missing: send an address such as ann@example.com.");
        }
        String trimmed = raw.strip();
        int at = trimmed.lastIndexOf('@');
        if (trimmed.length() > 254 || at <= 0 || at == trimmed.length() - 1) {
            throw invalidFormat(field);
        }
        String local = trimmed.substring(0, at);
        String domain = trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.length() > 64 || !LOCAL.matcher(local).matches() || !validDomain(domain)) {
            throw invalidFormat(field);
        }
        String address = local + "@" + domain;
        return new Email(address, address.toLowerCase(Locale.ROOT));
    }

    // NOTE: internationalised domains are accepted only in their ASCII (punycode) form.
    private static boolean validDomain(String domain) {
        if (domain.length() > 253) {
            return false;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static ApiException invalidFormat(String field) {
        return ApiException.invalidField(field, "format",
                "Email is not a valid address: use the form name@example.com with an ASCII domain.");
    }
}
