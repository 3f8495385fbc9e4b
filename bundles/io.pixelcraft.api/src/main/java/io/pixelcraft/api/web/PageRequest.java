package io.pixelcraft.api.web;

import java.util.List;
import java.util.Optional;

/**
 * The paging parameters of a collection request: {@code limit} (1 to {@link Page#MAX_LIMIT},
 * default {@link Page#DEFAULT_LIMIT}) and the opaque {@code cursor} from the previous page's
 * {@code next}.
 *
 * @param limit  number of items to return at most
 * @param cursor cursor to continue from, or empty for the first page
 */
public record PageRequest(int limit, Optional<String> cursor) {

    public PageRequest {
        if (limit < 1 || limit > Page.MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " is outside 1.." + Page.MAX_LIMIT);
        }
        cursor = cursor.filter(value -> !value.isEmpty());
    }

    /**
     * Reads {@code limit} and {@code cursor} from the query string.
     *
     * @throws ApiException 400 naming {@code limit} when it is not an integer from 1 to
     *         {@link Page#MAX_LIMIT}
     */
    public static PageRequest of(ApiRequest request) {
        int limit = request.queryInt("limit", Page.DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        return new PageRequest(limit, request.query("cursor"));
    }

    /**
     * Decodes the cursor into its parts; see {@link Cursors#decode(String, int)}.
     *
     * @return the parts, or empty for the first page
     * @throws ApiException 400 naming {@code cursor} when it is malformed
     */
    public Optional<List<String>> cursorParts(int expectedParts) {
        return cursor.map(value -> Cursors.decode(value, expectedParts));
    }
}
