package io.pixelcraft.api.image;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A holder that keeps an image from being removed by the unreferenced-image cleanup.
 *
 * @param kind the kind of holder
 * @param id   the holder's id, for example a project id; letters, digits, '-', '_' and '.' only
 */
public record ImageReference(Kind kind, String id) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._\\-]{1,128}");

    /** Kinds of holders. */
    public enum Kind {
        /** A project uses the image in a layer; members of the project may read it. */
        PROJECT,
        /** A saved version of a project uses the image. */
        VERSION,
        /** A share uses the image. */
        SHARE,
        /** The image is public: anyone may read it and shared caches may keep it. */
        PUBLIC
    }

    public ImageReference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid reference id '" + id
                    + "': use 1 to 128 letters, digits, '.', '_' or '-'");
        }
    }

    /** Returns the reference as stored, for example {@code project:42}. */
    public String key() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }

    /**
     * Parses a stored key such as {@code project:42}.
     *
     * @throws IllegalArgumentException when the key has no known kind or an invalid id
     */
    public static ImageReference parse(String key) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Invalid reference key '" + key + "': expected kind:id");
        }
        Kind kind = Kind.valueOf(key.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
        return new ImageReference(kind, key.substring(colon + 1));
    }

    public static ImageReference project(String projectId) {
        return new ImageReference(Kind.PROJECT, projectId);
    }
}
