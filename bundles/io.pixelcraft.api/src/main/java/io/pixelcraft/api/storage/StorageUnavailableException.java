package io.pixelcraft.api.storage;

/** Thrown when the store cannot serve a request now; the HTTP layer answers 503. */
public class StorageUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message) {
        super(message);
    }

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
