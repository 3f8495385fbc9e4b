package io.pixelcraft.api.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** Supplies the pixels of stored images to the renderer. */
@ConsumerType
@FunctionalInterface
public interface ImageLookup {

    /** A lookup that has no images; image nodes render as placeholders. */
    ImageLookup NONE = sha256 -> Optional.empty();

    /**
     * Returns the upright pixels of the image with this SHA-256, or empty when there is none.
     *
     * @throws IOException when the image exists but cannot be read
     */
    Optional<BufferedImage> image(String sha256) throws IOException;
}
