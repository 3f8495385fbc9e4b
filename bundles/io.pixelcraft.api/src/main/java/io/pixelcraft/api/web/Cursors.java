package io.pixelcraft.api.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Encodes and decodes the opaque cursors of paged collections.
 *
 * <p>A cursor carries the values a route needs to continue after the last item it returned, for
 * example the sort key and the {@code _id} of that item. The encoding is URL-safe Base64 of the
 * parts, so a cursor can be passed as a query parameter as it is. Cursors are not signed: a client
 * can forge one, so a handler treats decoded parts as untrusted input and still applies its access
 * rules to the items it returns.
 */
public final class Cursors {

    /** Format marker, so a later format can be told apart from this one. */
    private static final String VERSION = "c1";

    private static final int MAX_CURSOR_LENGTH = 2048;

    private Cursors() {
    }

    /**
     * Encodes the parts into one opaque cursor.
     *
     * @throws IllegalArgumentException when {@code parts} is empty or the cursor would exceed
     *         2048 characters
     */
    public static String encode(List<String> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("A cursor needs at least one part");
        }
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        StringBuilder cursor = new StringBuilder(VERSION);
        for (String part : parts) {
            cursor.append('.').append(encoder.encodeToString(part.getBytes(StandardCharsets.UTF_8)));
        }
        if (cursor.length() > MAX_CURSOR_LENGTH) {
            throw new IllegalArgumentException("Cursor of " + cursor.length() + " characters exceeds the maximum of "
                    + MAX_CURSOR_LENGTH + ": keep cursor parts to keys and ids");
        }
        return cursor.toString();
    }

    /** Encodes the parts into one opaque cursor; see {@link #encode(List)}. */
    public static String encode(String... parts) {
        return encode(List.of(parts));
    }

    /**
     * Decodes a cursor made by {@link #encode(List)} that must have {@code expectedParts} parts.
     *
     * @throws ApiException 400 with field {@code cursor} when the cursor is malformed, was made by
     *         another format or has a different number of parts
     */
    public static List<String> decode(String cursor, int expectedParts) {
        if (cursor == null || cursor.length() > MAX_CURSOR_LENGTH) {
            throw invalid();
        }
        String[] segments = cursor.split("\\.", -1);
        if (segments.length != expectedParts + 1 || !VERSION.equals(segments[0])) {
            throw invalid();
        }
        Base64.Decoder decoder = Base64.getUrlDecoder();
        List<String> parts = new ArrayList<>(expectedParts);
        for (int i = 1; i < segments.length; i++) {
            try {
                parts.add(new String(decoder.decode(segments[i]), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw invalid();
            }
        }
        return List.copyOf(parts);
    }

    private static ApiException invalid() {
        return ApiException.invalidField("cursor", "format",
                "Invalid cursor: pass the 'next' value of the previous page unchanged, or omit it for the first page");
    }
}
