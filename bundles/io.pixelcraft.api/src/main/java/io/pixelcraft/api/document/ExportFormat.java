package io.pixelcraft.api.document;

/** Image formats a render can be encoded in. */
public enum ExportFormat {
    /** Lossless, with transparency. */
    PNG("image/png"),
    /** Lossy at quality 0.9; transparent areas are flattened onto white. */
    JPEG("image/jpeg");

    private final String mediaType;

    ExportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }
}
