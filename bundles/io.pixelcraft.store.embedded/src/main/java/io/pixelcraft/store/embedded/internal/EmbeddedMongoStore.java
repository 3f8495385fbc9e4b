package io.pixelcraft.store.embedded.internal;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.pixelcraft.api.storage.EmbeddedStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs mongo-java-server with its H2 file backend on 127.0.0.1.
 *
 * <p>A delayed component: DS creates it when the storage bundle first gets the
 * {@link EmbeddedStore} service, so the server never starts while an external MongoDB URI is
 * configured, and DS deactivates it once the storage bundle releases the service.
 */
@Component(service = EmbeddedStore.class, configurationPid = EmbeddedMongoStore.PID)
@Designate(ocd = EmbeddedStoreConfig.class)
public final class EmbeddedMongoStore implements EmbeddedStore {

    static final String PID = "io.pixelcraft.store.embedded";
    static final String DATA_FILE_NAME = "store.mv.db";
    static final String LOOPBACK_HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongoStore.class);

    private final Path directory;
    private final MongoServer server;
    private final InetSocketAddress address;

    @Activate
    public EmbeddedMongoStore(EmbeddedStoreConfig config, BundleContext context) {
        this(resolveDirectory(config.directory(), context.getProperty("karaf.data")), config.port());
    }

    /** Opens the data file in {@code directory} and starts listening on {@code port} (0: any free port). */
    EmbeddedMongoStore(Path directory, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "Invalid port " + port + " for " + PID + ": use 0 for a free port or 1 to 65535");
        }
        this.directory = directory.toAbsolutePath().normalize();
        createDirectory(this.directory);

        Path dataFile = this.directory.resolve(DATA_FILE_NAME);
        H2Backend backend = new H2Backend(dataFile.toString());
        this.server = new MongoServer(backend);
        try {
            server.bind(LOOPBACK_HOST, port);
        } catch (RuntimeException e) {
            // The backend holds the file lock; release it so a retry with another port can open the file.
            backend.close();
            throw new IllegalStateException("Failed to start the embedded store on "
                    + LOOPBACK_HOST + ":" + port + " with data file " + dataFile, e);
        }
        this.address = server.getLocalAddress();
        LOG.info("Embedded store started on {}:{} with data file {}",
                address.getHostString(), address.getPort(), dataFile);
    }

    /**
     * Resolves the data directory: the configured one, else {@code <karafData>/pixelcraft/store}.
     *
     * @throws IllegalStateException when neither is set
     */
    static Path resolveDirectory(String configured, String karafData) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        if (karafData == null || karafData.isBlank()) {
            throw new IllegalStateException("Missing data directory for " + PID
                    + ": set the property 'directory' or run inside Karaf, which sets karaf.data");
        }
        return Path.of(karafData, "pixelcraft", "store");
    }

    private static void createDirectory(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to create the embedded store directory " + directory, e);
        }
    }

    /**
     * Stops the server, closes client connections and closes the H2 file, which writes every
     * pending change to disk.
     */
    @Deactivate
    public void stop() {
        // shutdownNow closes open client connections first; shutdown alone would wait for them.
        server.shutdownNow();
        LOG.info("Embedded store on port {} stopped, data file {} closed",
                address.getPort(), directory.resolve(DATA_FILE_NAME));
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public Path directory() {
        return directory;
    }
}
