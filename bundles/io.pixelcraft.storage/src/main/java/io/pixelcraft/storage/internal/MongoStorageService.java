package io.pixelcraft.storage.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import io.pixelcraft.api.storage.EmbeddedStore;
import io.pixelcraft.api.storage.StorageInfo;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.net.InetSocketAddress;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's MongoDB client, connected either to the configured URI or to the embedded store.
 *
 * <p>The embedded store is referenced through {@link ComponentServiceObjects}: binding it does not
 * start the server, and only {@code getService()} in embedded mode does. With a URI configured
 * the embedded server therefore never starts.
 *
 * <p>Configuration changes reactivate the component, which closes the client and opens a new one.
 */
@Component(service = StorageService.class, immediate = true, configurationPid = StorageSettings.PID)
@Designate(ocd = StorageConfig.class)
public final class MongoStorageService implements StorageService {

    static final String MODE_EMBEDDED = "embedded";
    static final String MODE_EXTERNAL = "external";

    private static final Logger LOG = LoggerFactory.getLogger(MongoStorageService.class);

    private final ComponentServiceObjects<EmbeddedStore> embeddedStores;
    private final EmbeddedStore embeddedStore;

    /**
     * The current client, read once per call. Kept in one volatile field so that a later
     * runtime reconfiguration can swap in a new client and drain the old one while callers
     * keep calling {@link #database()}. That is also why callers must not cache the database.
     */
    private volatile Connection connection;

    @Activate
    public MongoStorageService(StorageConfig config, BundleContext context,
            @Reference(name = "embeddedStore", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY)
            ComponentServiceObjects<EmbeddedStore> embeddedStores) {
        this(StorageSettings.from(config), embeddedStores, isFrameworkStopping(context));
    }

    /**
     * Connects with validated settings.
     *
     * @param embeddedStores    the embedded store service, or null when none is registered
     * @param frameworkStopping whether the OSGi framework is shutting down, which makes a
     *                          missing embedded store expected rather than worth a warning
     */
    MongoStorageService(StorageSettings settings, ComponentServiceObjects<EmbeddedStore> embeddedStores,
            boolean frameworkStopping) {
        this.embeddedStores = embeddedStores;
        if (settings.embedded()) {
            this.embeddedStore = embeddedStores == null ? null : embeddedStores.getService();
            this.connection = connectEmbedded(settings, embeddedStores != null, embeddedStore, frameworkStopping);
        } else {
            this.embeddedStore = null;
            this.connection = connectExternal(settings);
        }
    }

    private static Connection connectEmbedded(StorageSettings settings, boolean registered, EmbeddedStore store,
            boolean frameworkStopping) {
        if (store == null) {
            StorageInfo info = new StorageInfo(MODE_EMBEDDED, "none", settings.databaseName(), settings.maxPoolSize());
            String reason;
            if (registered) {
                reason = "The embedded store failed to start; see the log of bundle io.pixelcraft.store.embedded";
                LOG.error("Storage has no store: {}", reason);
            } else {
                // DS reactivates this component with the store once the bundle registers it again.
                reason = "The embedded store bundle io.pixelcraft.store.embedded is not active; start it or"
                        + " set uri in configuration " + StorageSettings.PID;
                // INFO because a reconfiguration passes through this state for a moment. If it
                // lasts, the store health check reports it as DOWN with this reason.
                if (!frameworkStopping) {
                    LOG.info("Storage is waiting for the embedded store: {}", reason);
                }
            }
            return Connection.unavailable(info, reason);
        }

        InetSocketAddress address = store.address();
        String hostAndPort = address.getHostString() + ":" + address.getPort();
        ClusterReachability reachability = new ClusterReachability(hostAndPort);
        MongoClient client = MongoClients.create(settings.embeddedClientSettings(address, reachability));
        StorageInfo info = new StorageInfo(MODE_EMBEDDED, hostAndPort, settings.databaseName(), settings.maxPoolSize());
        logStart(info, settings);
        return new Connection(client, reachability, info, null);
    }

    private static Connection connectExternal(StorageSettings settings) {
        String hosts = settings.describeHosts();
        ClusterReachability reachability = new ClusterReachability(hosts);
        MongoClient client = MongoClients.create(settings.externalClientSettings(reachability));
        StorageInfo info = new StorageInfo(MODE_EXTERNAL, hosts, settings.databaseName(), settings.maxPoolSize());
        logStart(info, settings);
        return new Connection(client, reachability, info, null);
    }

    private static boolean isFrameworkStopping(BundleContext context) {
        return context.getBundle(Constants.SYSTEM_BUNDLE_ID).getState() == Bundle.STOPPING;
    }

    private static void logStart(StorageInfo info, StorageSettings settings) {
        LOG.info("Storage client started for the {} store at {}, database {}, pool {} to {} connections,"
                        + " connection wait at most {} ms, server selection timeout {} ms",
                info.mode(), info.address(), info.databaseName(), settings.minPoolSize(),
                settings.maxPoolSize(), settings.maxWaitTimeMs(), settings.serverSelectionTimeoutMs());
    }

    /** Closes the client, then releases the embedded store, which stops it if nothing else uses it. */
    @Deactivate
    public void stop() {
        Connection stopped = connection;
        connection = Connection.unavailable(stopped.info(), "The storage service is stopped");
        if (stopped.client() != null) {
            stopped.client().close();
            LOG.info("Storage client for the {} store at {} closed", stopped.info().mode(), stopped.info().address());
        }
        if (embeddedStore != null) {
            embeddedStores.ungetService(embeddedStore);
        }
    }

    @Override
    public MongoDatabase database() {
        Connection current = connection;
        if (current.client() == null) {
            throw new StorageUnavailableException(current.unavailableReason());
        }
        String failure = current.reachability().failure();
        if (failure != null) {
            throw new StorageUnavailableException("The " + current.info().mode() + " store is unreachable: " + failure);
        }
        MongoDatabase database = current.client().getDatabase(current.info().databaseName());
        return StoreFailureTranslator.wrap(MongoDatabase.class, database, describe(current.info()));
    }

    @Override
    public GridFSBucket bucket(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("GridFS bucket name is blank");
        }
        GridFSBucket bucket = GridFSBuckets.create(database(), name);
        return StoreFailureTranslator.wrap(GridFSBucket.class, bucket, describe(info()));
    }

    private static String describe(StorageInfo info) {
        return info.mode() + " store at " + info.address();
    }

    @Override
    public StorageInfo info() {
        return connection.info();
    }

    /**
     * One client with what belongs to it.
     *
     * @param client            the driver client, or null when no store is available
     * @param reachability      the listener that tracks the client's servers, or null without a client
     * @param info              mode, address and pool size for health and the console
     * @param unavailableReason why there is no client, or null when there is one
     */
    private record Connection(MongoClient client, ClusterReachability reachability, StorageInfo info,
            String unavailableReason) {

        static Connection unavailable(StorageInfo info, String reason) {
            return new Connection(null, null, info, reason);
        }
    }
}
