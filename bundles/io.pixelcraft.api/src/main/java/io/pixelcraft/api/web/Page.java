package io.pixelcraft.api.web;

import java.util.List;

/**
 * One page of a collection. {@code next} is the cursor for the following page, or {@code null}
 * on the last page.
 */
public record Page<T>(List<T> items, String next) {

    /** Largest page any collection route returns; larger {@code limit} values are rejected. */
    public static final int MAX_LIMIT = 200;

    /** Page size used when the request gives no {@code limit}. */
    public static final int DEFAULT_LIMIT = 50;

    public Page {
        items = List.copyOf(items);
    }
}
