package io.pixelcraft.webclient.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides how the web editor's servlet answers a request path: with a built asset, with
 * {@code index.html} for a client route, or with 404. It holds no I/O, so the rules are unit
 * tested without a servlet container.
 */
final class AssetResolver {

    /** Folder inside the bundle that holds the Vite build output. */
    static final String ROOT = "webclient";

    static final String INDEX = "index.html";

    /** Hashed file names never change content, so browsers and CDNs may keep them for a year. */
    static final String CACHE_IMMUTABLE = "public, max-age=31536000, immutable";

    /** Unhashed files are revalidated on every use, so a new release shows up at once. */
    static final String CACHE_REVALIDATE = "no-cache";

    /**
     * Path prefixes served by other bundles. A request under one reaches this servlet only when
     * the owning bundle is not running, and then it must get 404, not the editor's HTML.
     */
    private static final List<String> RESERVED_PREFIXES = List.of("/api/", "/ws/", "/images/", "/s/");

    private static final List<String> RESERVED_EXACT = List.of("/api", "/ws", "/images", "/s");

    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    /** What to send for one request path. */
    sealed interface Decision permits Serve, NotFound {
    }

    /**
     * Send the resource at {@code resource} (relative to the bundle root).
     *
     * @param fallback whether this is {@code index.html} standing in for a client route
     */
    record Serve(String resource, String mediaType, String cacheControl, boolean fallback) implements Decision {
    }

    record NotFound() implements Decision {
    }

    private final ResourceCheck resources;

    /** Tells whether the bundle contains a resource, by its path relative to the bundle root. */
    @FunctionalInterface
    interface ResourceCheck {
        boolean exists(String resource);
    }

    AssetResolver(ResourceCheck resources) {
        this.resources = resources;
    }

    /**
     * Resolves a decoded request path such as {@code /assets/index-3f2a.js} or {@code /projects/42}.
     * Paths with {@code ..}, backslashes, NUL or empty segments are never served.
     */
    Decision resolve(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return index(false);
        }
        if (!path.startsWith("/") || !isSafe(path)) {
            return new NotFound();
        }
        if (isReserved(path)) {
            return new NotFound();
        }

        String relative = path.substring(1);
        if (relative.startsWith("assets/")) {
            return serveIfPresent(relative, CACHE_IMMUTABLE);
        }
        if (relative.equals(INDEX)) {
            return index(false);
        }

        String lastSegment = relative.substring(relative.lastIndexOf('/') + 1);
        if (lastSegment.contains(".")) {
            // A file name: serve the file when the build has it, never the HTML in its place.
            return serveIfPresent(relative, CACHE_REVALIDATE);
        }
        return index(true);
    }

    private Decision serveIfPresent(String relative, String cacheControl) {
        String resource = ROOT + "/" + relative;
        if (!resources.exists(resource)) {
            return new NotFound();
        }
        return new Serve(resource, mediaType(relative), cacheControl, false);
    }

    private Decision index(boolean fallback) {
        String resource = ROOT + "/" + INDEX;
        if (!resources.exists(resource)) {
            return new NotFound();
        }
        return new Serve(resource, mediaType(INDEX), CACHE_REVALIDATE, fallback);
    }

    static String mediaType(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Optional.ofNullable(MEDIA_TYPES.get(extension)).orElse("application/octet-stream");
    }

    private static boolean isReserved(String path) {
        if (RESERVED_EXACT.contains(path)) {
            return true;
        }
        return RESERVED_PREFIXES.stream().anyMatch(path::startsWith);
    }

    private static boolean isSafe(String path) {
        if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0 || path.contains("//")) {
            return false;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return false;
            }
        }
        return true;
    }
}
