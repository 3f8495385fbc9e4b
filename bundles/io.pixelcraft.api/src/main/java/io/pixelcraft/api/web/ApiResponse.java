package io.pixelcraft.api.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/**
 * A successful REST answer. The body is written as JSON unless it is a {@link Streamed} body.
 *
 * @param status  HTTP status
 * @param body    object written as JSON, a {@link Streamed} body, or {@code null} for none
 * @param headers extra response headers
 * @param cookies {@code Set-Cookie} values
 */
public record ApiResponse(int status, Object body, Map<String, String> headers, List<String> cookies) {

    public ApiResponse {
        headers = Map.copyOf(headers);
        cookies = List.copyOf(cookies);
    }

    /** A body the handler writes itself, with its media type, for images and exports. */
    public interface Streamed {
        String mediaType();

        void writeTo(java.io.OutputStream out) throws java.io.IOException;
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of(), List.of());
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body, Map.of(), List.of());
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null, Map.of(), List.of());
    }

    /** Returns a copy with one more header. */
    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, body, copy, cookies);
    }

    /** Returns a copy with one more {@code Set-Cookie} value. */
    public ApiResponse withCookie(String setCookie) {
        List<String> copy = new ArrayList<>(cookies);
        copy.add(setCookie);
        return new ApiResponse(status, body, headers, copy);
    }
}
