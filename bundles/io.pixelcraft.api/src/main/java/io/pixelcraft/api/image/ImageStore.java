package io.pixelcraft.api.image;

import io.pixelcraft.api.web.Principal;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's image store: images are addressed by the SHA-256 of their stored bytes, stored
 * once, and kept while at least one {@link ImageReference} points to them.
 *
 * <p>Methods throw {@link io.pixelcraft.api.storage.StorageUnavailableException} when the store
 * cannot be reached and {@link IllegalArgumentException} when {@code sha256} is not 64 lower-case
 * hex digits.
 */
@ProviderType
public interface ImageStore {

    /** Returns the image's metadata, or empty when no image has this hash. */
    Optional<ImageInfo> find(String sha256);

    /**
     * Opens the stored bytes (the encoded image as delivered). The caller closes the stream.
     *
     * @throws java.util.NoSuchElementException when no image has this hash
     */
    InputStream openBytes(String sha256) throws IOException;

    /**
     * Decodes the image into upright 8-bit sRGB pixels of type {@link BufferedImage#TYPE_INT_ARGB}.
     *
     * @throws java.util.NoSuchElementException when no image has this hash
     * @throws IOException when the stored bytes cannot be read or decoded
     */
    BufferedImage readPixels(String sha256) throws IOException;

    /**
     * Adds a reference, so the cleanup keeps the image. Adding an existing reference does nothing.
     *
     * @throws java.util.NoSuchElementException when no image has this hash
     */
    void link(String sha256, ImageReference reference);

    /** Removes a reference; the image is removed once it has none left and its grace period ends. */
    void unlink(String sha256, ImageReference reference);

    /** Returns the image's references, empty when it has none or does not exist. */
    Set<ImageReference> references(String sha256);

    /**
     * Returns whether the caller may read the image: administrators, the uploader, members of a
     * project that references it, and anyone when it has a {@link ImageReference.Kind#PUBLIC}
     * reference. The delivery servlet uses the same rule. Callers check this before they put a
     * hash into a document or a project, so that naming a hash does not grant access to the image.
     *
     * @return {@code false} when no image has this hash, so callers cannot tell it from an image
     *         they may not read
     */
    boolean mayRead(Principal caller, String sha256);

    /**
     * Returns a path with query, such as {@code /images/<sha256>?exp=...&sig=...}, that serves the
     * image, or its thumbnail when {@code thumbSize} is 256 or 1024, to anyone until it expires.
     * Shared caches may keep the response until then.
     *
     * @param thumbSize 0 for the image itself, otherwise 256 or 1024
     * @param ttl       how long the URL stays valid, at most 7 days
     * @throws IllegalArgumentException when the size or the lifetime is out of range
     */
    String signedPath(String sha256, int thumbSize, Duration ttl);
}
