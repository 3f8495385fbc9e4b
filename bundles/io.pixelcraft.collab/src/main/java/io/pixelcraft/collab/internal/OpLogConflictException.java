package io.pixelcraft.collab.internal;

/**
 * Thrown when the op log rejects a write because another writer stored it first: a batch with
 * the same sequence number, or a snapshot of a newer room lease. A room that gets it from an op
 * log write is no longer the project's only writer, so it closes without retrying.
 */
final class OpLogConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OpLogConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
