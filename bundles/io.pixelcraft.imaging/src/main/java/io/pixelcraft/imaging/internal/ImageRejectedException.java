package io.pixelcraft.imaging.internal;

/**
 * Thrown when an upload is not an acceptable image. The status is the HTTP status the upload
 * route returns (413, 415 or 422) and the message is safe to show to the uploader.
 */
final class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    ImageRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    ImageRejectedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ImageRejectedException tooLarge(String message) {
        return new ImageRejectedException(413, message);
    }

    static ImageRejectedException unsupported(String message) {
        return new ImageRejectedException(415, message);
    }

    static ImageRejectedException invalid(String message) {
        return new ImageRejectedException(422, message);
    }

    static ImageRejectedException invalid(String message, Throwable cause) {
        return new ImageRejectedException(422, message, cause);
    }
}
