package io.pixelcraft.api.image;

import java.time.Instant;
import java.util.Objects;

/**
 * Metadata of one stored image. Width and height are upright: EXIF orientation is already applied
 * to the stored pixels.
 *
 * @param sha256       lower-case hex SHA-256 of the stored bytes; the image's id
 * @param mediaType    media type of the stored bytes, for example {@code image/png}
 * @param width        width in pixels
 * @param height       height in pixels
 * @param bytes        size of the stored bytes
 * @param hasAlpha     whether any pixel may be transparent
 * @param uploaderId   user id of the first uploader; later uploaders are checked with {@link ImageStore#isUploader}
 * @param created      time of the first upload
 * @param originalName sanitised file name given at upload, or {@code null}; never used as a path
 */
public record ImageInfo(String sha256, String mediaType, int width, int height, long bytes,
        boolean hasAlpha, String uploaderId, Instant created, String originalName) {

    public ImageInfo {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(mediaType, "mediaType");
    }
}
