package io.pixelcraft.imaging.internal;

import java.util.Optional;

/** Image formats the platform accepts, with the media type Tika reports for each. */
enum ImageFormat {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpeg"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp"),
    TIFF("image/tiff", "tiff"),
    BMP("image/bmp", "bmp");

    private final String mediaType;
    private final String formatName;

    ImageFormat(String mediaType, String formatName) {
        this.mediaType = mediaType;
        this.formatName = formatName;
    }

    String mediaType() {
        return mediaType;
    }

    /** Returns the ImageIO format name. */
    String formatName() {
        return formatName;
    }

    /** Returns the format for a detected media type; Tika reports BMP as {@code image/bmp} or {@code image/x-ms-bmp}. */
    static Optional<ImageFormat> fromMediaType(String mediaType) {
        if ("image/x-ms-bmp".equals(mediaType)) {
            return Optional.of(BMP);
        }
        for (ImageFormat format : values()) {
            if (format.mediaType.equals(mediaType)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
