package io.pixelcraft.storage.internal;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.pixelcraft.api.storage.EmbeddedStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * mongo-java-server with an H2 file in a test directory, handed out the way DS hands out the
 * embedded store bundle's delayed component: started on the first {@code getService()} and
 * stopped when the last user releases it.
 */
final class InProcessEmbeddedStore implements ComponentServiceObjects<EmbeddedStore> {

    private final Path directory;
    private final AtomicInteger users = new AtomicInteger();
    private MongoServer server;
    private EmbeddedStore store;

    InProcessEmbeddedStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public synchronized EmbeddedStore getService() {
        if (users.getAndIncrement() == 0) {
            server = new MongoServer(new H2Backend(directory.resolve("store.mv.db").toString()));
            server.bind("127.0.0.1", 0);
            InetSocketAddress address = server.getLocalAddress();
            store = new EmbeddedStore() {
                @Override
                public InetSocketAddress address() {
                    return address;
                }

                @Override
                public Path directory() {
                    return directory;
                }
            };
        }
        return store;
    }

    @Override
    public synchronized void ungetService(EmbeddedStore service) {
        if (users.decrementAndGet() == 0) {
            server.shutdownNow();
            server = null;
            store = null;
        }
    }

    @Override
    public ServiceReference<EmbeddedStore> getServiceReference() {
        throw new UnsupportedOperationException("Not needed by the storage service");
    }

    /** Stops the server behind the storage service's back, as a crash or a network failure would. */
    synchronized void crash() {
        server.shutdownNow();
    }

    boolean running() {
        return server != null;
    }
}
