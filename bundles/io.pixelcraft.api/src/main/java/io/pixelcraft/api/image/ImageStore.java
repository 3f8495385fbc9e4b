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

    /**
     * Stores an image that the platform made itself, such as a rendered project thumbnail, and
     * links it with the reference. The bytes pass the same checks as an upload: media type from
     * the bytes, size and pixel limits, and a complete decode. The same bytes are stored once, and
     * the 256 px and 1024 px previews are queued as for an upload. An image first stored by this
     * method has no uploader, so only its references decide who may read it.
     *
     * <p>The default implementation throws {@link UnsupportedOperationException}. It exists so that
     * test doubles written against version 1.0 of this package still compile.
     *
     * @param bytes     an encoded image in a format that uploads accept, for example PNG
     * @param reference the holder that keeps the image, for example {@link ImageReference#project}
     * @return the stored image's metadata
     * @throws IllegalArgumentException when the bytes are not an accepted image or exceed a limit
     * @throws IOException when the bytes cannot be decoded for validation
     * @throws io.pixelcraft.api.storage.StorageUnavailableException when the store cannot be reached
     *         or the decoders are busy; retry later
     * @since 1.1
     */
    default ImageInfo storeGenerated(byte[] bytes, ImageReference reference) throws IOException {
        throw new UnsupportedOperationException("This image store cannot store generated images");
    }

    /** Removes a reference; the image is removed once it has none left and its grace period ends. */
    void unlink(String sha256, ImageReference reference);

    /** Returns the image's references, empty when it has none or does not exist. */
    Set<ImageReference> references(String sha256);

    /**
     * Returns whether the caller may read the image: administrators, every uploader, members of a
     * project that references it, and anyone when it has a {@link ImageReference.Kind#PUBLIC}
     * reference. The delivery servlet uses the same rule. Callers check this before they put a
     * hash into a document or a project, so that naming a hash does not grant access to the image.
     *
     * @return {@code false} when no image has this hash, so callers cannot tell it from an image
     *         they may not read
     */
    boolean mayRead(Principal caller, String sha256);

    /**
     * Returns whether the user uploaded the image's bytes, as its first uploader or later. The
     * store keeps one copy per SHA-256, so several users can be uploaders of one image, and each
     * of them may read it.
     *
     * <p>The default implementation compares with {@link ImageInfo#uploaderId}, the first uploader
     * only. It exists so that test doubles written against version 1.1 still compile.
     *
     * @return {@code false} when no image has this hash
     * @since 1.2
     */
    default boolean isUploader(String sha256, String userId) {
        return find(sha256).map(image -> userId.equals(image.uploaderId())).orElse(false);
    }

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
