package io.pixelcraft.api.storage;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A MongoDB-compatible server that runs inside the platform's JVM when no external MongoDB URI
 * is configured.
 *
 * <p>The embedded store bundle registers this service as a delayed component: the server starts
 * when the storage bundle first gets the service and stops when the last user releases it, so
 * nothing listens while an external MongoDB is in use.
 */
@ProviderType
public interface EmbeddedStore {

    /** Returns the loopback address and port that the server listens on. */
    InetSocketAddress address();

    /** Returns the directory that contains the store's data file. */
    Path directory();
}
