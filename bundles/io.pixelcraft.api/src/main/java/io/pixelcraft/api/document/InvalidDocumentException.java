package io.pixelcraft.api.document;

/** Thrown when a snapshot does not describe a valid document under the engine's limits. */
public class InvalidDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidDocumentException(String message) {
        super(message);
    }
}
