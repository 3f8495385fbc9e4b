package io.pixelcraft.api.web;

/**
 * Route classes by request body size. The byte limits are defaults of the web bundle's
 * configuration; a body above the limit is answered with 413 before the handler runs.
 */
public enum BodyLimit {
    /** No body is accepted. */
    NONE,
    /** Small JSON documents such as forms: 64 KiB by default. */
    JSON,
    /** Large JSON such as op batches: 4 MiB by default. */
    JSON_LARGE,
    /** Streamed uploads: the handler reads the stream and enforces its own limit. */
    STREAM
}
