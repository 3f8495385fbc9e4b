package io.pixelcraft.storage.internal;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import io.micrometer.core.instrument.MeterRegistry;
import io.pixelcraft.api.storage.EmbeddedStore;
import io.pixelcraft.api.storage.StorageInfo;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's MongoDB client, connected either to the configured URI or to the embedded store,
 * behind a facade that survives pool changes.
 *
 * <p>A configuration change arrives through {@link #modified}, not by reactivation, so the
 * component never tears its pool down under running requests. A valid change that affects the
 * connection builds a new client; new calls use it at once, and the replaced client closes once
 * the calls running on it have finished ({@link PooledClient}). An invalid or undersized pool is
 * rejected with one ERROR line and the previous client stays in force.
 *
 * <p>The embedded store is referenced through {@link ComponentServiceObjects}: binding it does not
 * start the server, and only {@code getService()} in embedded mode does. With a URI configured
 * the embedded server therefore never starts.
 */
@Component(service = {StorageService.class, MongoStorageService.class}, immediate = true,
        configurationPid = StorageSettings.PID)
@Designate(ocd = StorageConfig.class)
public final class MongoStorageService implements StorageService {

    static final String MODE_EMBEDDED = "embedded";
    static final String MODE_EXTERNAL = "external";

    /** How often replaced clients are checked for closing, in milliseconds. */
    private static final long DRAIN_CHECK_INTERVAL_MS = 100;

    /** How long deactivation waits for running calls to finish before it closes the clients. */
    private static final long STOP_DRAIN_LIMIT_MS = 5000;

    /**
     * How long the client must have had no call before deactivation closes it. The components that
     * use this service stop first, so new requests no longer reach it, but a request that is
     * already running may be between two driver calls, for example after authenticating and
     * before its query.
     */
    static final long STOP_QUIET_MS = 500;

    /** How long a pool change waits for the replacement client to open its connections. */
    private static final long WARM_UP_LIMIT_MS = 2000;

    private static final long UNDERSIZED_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** How long a replaced client may keep running calls when the socket timeout is 0 (none). */
    private static final long DRAIN_LIMIT_WITHOUT_SOCKET_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);

    private static final Logger LOG = LoggerFactory.getLogger(MongoStorageService.class);

    private final ComponentServiceObjects<EmbeddedStore> embeddedStores;
    private final boolean frameworkStopping;
    private final ScheduledExecutorService housekeeping;

    /** Replaced clients that still have calls running or are within their grace period. */
    private final List<PooledClient> draining = new CopyOnWriteArrayList<>();

    /** Guarded by {@code this}; obtained on the first connection in embedded mode. */
    private EmbeddedStore embeddedStore;

    private volatile StorageSettings settings;

    /**
     * The current client, read once per call. Callers fetch {@link #database()} per unit of work
     * and must not cache it, so that a pool change reaches them.
     */
    private volatile PooledClient current;

    private volatile PoolMeters meters;

    /** {@link System#nanoTime()} of the last WARN about a deliberately undersized pool. */
    private volatile long lastUndersizedWarningNanos;

    @Activate
    public MongoStorageService(StorageConfig config, BundleContext context,
            @Reference(name = "embeddedStore", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY)
            ComponentServiceObjects<EmbeddedStore> embeddedStores) {
        this(initialSettings(config), embeddedStores, isFrameworkStopping(context));
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
        this.frameworkStopping = frameworkStopping;
        this.settings = settings;
        this.current = connect(settings, 0);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-storage-drain");
            thread.setDaemon(true);
            return thread;
        });
        housekeeping.scheduleWithFixedDelay(this::housekeeping, DRAIN_CHECK_INTERVAL_MS, DRAIN_CHECK_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        warnIfUndersized(System.nanoTime());
    }

    /**
     * Validates the first configuration. There is no previous pool to keep at activation, so an
     * undersized pool starts at the required minimum instead of leaving the platform without a store.
     */
    static StorageSettings initialSettings(StorageConfig config) {
        StorageSettings parsed = StorageSettings.parse(config);
        try {
            parsed.checkPoolSize();
            return parsed;
        } catch (IllegalArgumentException e) {
            LOG.error("{}. Starting with maxPoolSize {} instead", e.getMessage(), parsed.requiredPoolSize());
            return parsed.withMaxPoolSize(parsed.requiredPoolSize());
        }
    }

    /** Applies a configuration change without reactivating the component, so running requests keep their pool. */
    @Modified
    void modified(StorageConfig config) {
        reconfigure(config);
    }

    /**
     * Validates {@code config} and, when a connection or pool setting changed, swaps in a new client
     * and drains the old one.
     *
     * @return whether the configuration was applied; when false the previous settings stay in force
     */
    synchronized boolean reconfigure(StorageConfig config) {
        StorageSettings previous = settings;
        StorageSettings next;
        try {
            next = StorageSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}. The previous storage settings stay in force (maxPoolSize {})", e.getMessage(),
                    previous.maxPoolSize());
            return false;
        }
        if (!previous.needsNewClient(next)) {
            settings = next;
            LOG.info("Storage settings changed without a new client: drain grace {} ms, readiness wait"
                    + " threshold {} ms, required pool size {}", next.drainGraceMs(),
                    next.poolWaitReadinessThresholdMs(), next.requiredPoolSize());
            warnIfUndersized(System.nanoTime());
            return true;
        }

        PooledClient replaced = current;
        // As many connections as the replaced pool had open, or as its operations were using and
        // waiting for, so that a pool raised during an exhaustion starts with what the load needs.
        PoolStatistics replacedPool = replaced.pool();
        int demand = Math.max(replacedPool.size(), replacedPool.checkedOut() + replacedPool.waiting());
        int warmConnections = Math.min(next.maxPoolSize(), demand);
        PooledClient replacement;
        try {
            replacement = connect(next, warmConnections);
        } catch (RuntimeException e) {
            LOG.error("Failed to create a storage client for the new configuration {}; the previous client stays"
                    + " in force", StorageSettings.PID, e);
            return false;
        }
        awaitWarm(replacement, warmConnections);
        settings = next;
        current = replacement;
        retire(replaced, previous);
        LOG.info("Storage pool changed from {} to {} connections; new calls use the new client and the previous"
                + " client closes once its running calls finish, at least {} ms from now",
                previous.maxPoolSize(), next.maxPoolSize(), previous.drainGraceMs());
        warnIfUndersized(System.nanoTime());
        return true;
    }

    /**
     * Waits until the replacement client has opened {@code connections}, for at most
     * {@link #WARM_UP_LIMIT_MS}. A cold pool opens only two connections at a time (the
     * driver's default maxConnecting), so swapping it in under load would make requests wait and
     * some fail with 503 for the first seconds. The minimum pool size of the replacement makes the
     * driver's background maintenance open them.
     */
    private static void awaitWarm(PooledClient replacement, int connections) {
        if (replacement.client() == null || connections == 0) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(WARM_UP_LIMIT_MS);
        while (replacement.pool().size() < connections && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (replacement.pool().size() < connections) {
            LOG.warn("New storage client opened {} of {} connections within {} ms; swapping it in anyway",
                    replacement.pool().size(), connections, millis);
        } else {
            LOG.info("New storage client opened {} connections in {} ms before the swap", connections, millis);
        }
    }

    /**
     * Schedules the close of a replaced client. It closes when no call runs on it and the grace
     * period has passed. The grace period covers callers that fetched a database, collection or
     * cursor just before the swap and call it again a little later: a lease count alone would
     * close the client between two of their calls. A call cannot legitimately take longer than one
     * socket read plus the connection wait and server selection, so after that the client closes
     * even if calls still run, and the WARN names how many.
     */
    private void retire(PooledClient replaced, StorageSettings previous) {
        long now = System.nanoTime();
        long graceEnd = now + TimeUnit.MILLISECONDS.toNanos(previous.drainGraceMs());
        long callLimitMs = previous.socketTimeoutMs() == 0 ? DRAIN_LIMIT_WITHOUT_SOCKET_TIMEOUT_MS
                : (long) previous.socketTimeoutMs() + previous.maxWaitTimeMs() + previous.serverSelectionTimeoutMs();
        replaced.retire(graceEnd, graceEnd + TimeUnit.MILLISECONDS.toNanos(callLimitMs));
        draining.add(replaced);
    }

    private void housekeeping() {
        try {
            long now = System.nanoTime();
            drain(now);
            warnIfUndersized(now);
        } catch (RuntimeException e) {
            LOG.error("Storage housekeeping failed; it runs again in {} ms", DRAIN_CHECK_INTERVAL_MS, e);
        }
    }

    /** Closes replaced clients whose grace period is over and that have no call running, or that ran out of time. */
    void drain(long nowNanos) {
        for (PooledClient client : draining) {
            if (nowNanos - client.graceEndNanos() < 0) {
                continue;
            }
            if (client.closeIfIdle()) {
                draining.remove(client);
                LOG.info("Previous storage client ({} connections) closed after its calls finished",
                        client.info().maxPoolSize());
            } else if (nowNanos - client.forceCloseNanos() >= 0) {
                int running = client.closeNow();
                draining.remove(client);
                LOG.warn("Previous storage client ({} connections) closed with {} calls still running, because"
                        + " they outlasted the socket timeout; those calls fail", client.info().maxPoolSize(), running);
            }
        }
    }

    /**
     * Closes the draining clients that have had no call for {@code quietNanos}; returns whether all
     * are closed.
     */
    private boolean closeQuietClients(long nowNanos, long quietNanos) {
        boolean allClosed = true;
        for (PooledClient client : draining) {
            allClosed &= client.closeIfQuiet(nowNanos, quietNanos);
        }
        return allClosed;
    }

    private void warnIfUndersized(long nowNanos) {
        StorageSettings active = settings;
        if (!active.undersized() || !active.allowUndersizedPool()) {
            return;
        }
        long last = lastUndersizedWarningNanos;
        if (last != 0 && nowNanos - last < UNDERSIZED_WARNING_INTERVAL_NANOS) {
            return;
        }
        lastUndersizedWarningNanos = nowNanos;
        LOG.warn("Storage pool is undersized on purpose: {}, accepted because allowUndersizedPool=true in"
                + " configuration {}; requests beyond the pool fail with 503", active.undersizedReason(),
                StorageSettings.PID);
    }

    /**
     * Creates a client for {@code next}.
     *
     * @param warmConnections connections the driver opens in the background right away, beyond
     *                        minPoolSize; the client keeps them open while idle
     */
    private PooledClient connect(StorageSettings next, int warmConnections) {
        if (next.embedded()) {
            EmbeddedStore store = embeddedStore();
            return connectEmbedded(next, embeddedStores != null, store, warmConnections);
        }
        return connectExternal(next, warmConnections);
    }

    private synchronized EmbeddedStore embeddedStore() {
        if (embeddedStore == null && embeddedStores != null) {
            embeddedStore = embeddedStores.getService();
        }
        return embeddedStore;
    }

    private PooledClient connectEmbedded(StorageSettings next, boolean registered, EmbeddedStore store,
            int warmConnections) {
        if (store == null) {
            StorageInfo info = new StorageInfo(MODE_EMBEDDED, "none", next.databaseName(), next.maxPoolSize());
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
            return PooledClient.unavailable(info, reason);
        }

        InetSocketAddress address = store.address();
        String hostAndPort = address.getHostString() + ":" + address.getPort();
        ClusterReachability reachability = new ClusterReachability(hostAndPort);
        PoolStatistics pool = new PoolStatistics(next.maxPoolSize(), this::recordCheckout);
        MongoClient client = MongoClients.create(next.withMinPoolSizeAtLeast(warmConnections)
                .embeddedClientSettings(address, reachability, pool));
        StorageInfo info = new StorageInfo(MODE_EMBEDDED, hostAndPort, next.databaseName(), next.maxPoolSize());
        logStart(info, next);
        return new PooledClient(client, reachability, info, pool);
    }

    private PooledClient connectExternal(StorageSettings next, int warmConnections) {
        String hosts = next.describeHosts();
        ClusterReachability reachability = new ClusterReachability(hosts);
        PoolStatistics pool = new PoolStatistics(next.maxPoolSize(), this::recordCheckout);
        MongoClient client = MongoClients.create(next.withMinPoolSizeAtLeast(warmConnections)
                .externalClientSettings(reachability, pool));
        StorageInfo info = new StorageInfo(MODE_EXTERNAL, hosts, next.databaseName(), next.maxPoolSize());
        logStart(info, next);
        return new PooledClient(client, reachability, info, pool);
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

    /**
     * Closes every client, then releases the embedded store, which stops it if nothing else uses it.
     *
     * <p>DS unregisters this service and stops the components that use it before it calls this
     * method. Requests that those components were already serving, for example while the bundle is
     * updated, keep the current client: it closes once no call has run on it for
     * {@link #STOP_QUIET_MS}, or after {@link #STOP_DRAIN_LIMIT_MS} at the latest. Calls after
     * the close fail with {@code StorageUnavailableException} (503).
     */
    @Deactivate
    public void stop() {
        housekeeping.shutdownNow();
        PooledClient stopped = current;
        if (stopped.client() != null) {
            draining.add(stopped);
        }
        LOG.info("Storage service stopping: waiting up to {} ms for {} running calls, then closing {} clients",
                STOP_DRAIN_LIMIT_MS, drainingCalls(), draining.size());

        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(STOP_DRAIN_LIMIT_MS);
        long quietNanos = TimeUnit.MILLISECONDS.toNanos(STOP_QUIET_MS);
        while (!closeQuietClients(System.nanoTime(), quietNanos) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(DRAIN_CHECK_INTERVAL_MS / 10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        current = PooledClient.unavailable(stopped.info(), "The storage service is stopped");
        for (PooledClient client : draining) {
            int running = client.closeNow();
            if (running > 0) {
                LOG.warn("Storage client ({} connections) closed on stop with {} calls still running after {} ms;"
                        + " those calls fail", client.info().maxPoolSize(), running, STOP_DRAIN_LIMIT_MS);
            }
        }
        draining.clear();
        if (stopped.client() != null) {
            LOG.info("Storage client for the {} store at {} closed {} ms after the stop began", stopped.info().mode(),
                    stopped.info().address(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        synchronized (this) {
            if (embeddedStore != null) {
                embeddedStores.ungetService(embeddedStore);
                embeddedStore = null;
            }
        }
    }

    @Reference(name = "meterRegistry", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMeterRegistry(MeterRegistry registry) {
        PoolMeters previous = meters;
        meters = new PoolMeters(registry, this);
        if (previous != null) {
            previous.remove();
        }
    }

    void unbindMeterRegistry(MeterRegistry registry) {
        PoolMeters bound = meters;
        if (bound != null && bound.registry() == registry) {
            meters = null;
            bound.remove();
        }
    }

    private void recordCheckout(long nanos, String outcome) {
        PoolMeters bound = meters;
        if (bound != null) {
            bound.recordCheckout(nanos, outcome);
        }
    }

    @Override
    public MongoDatabase database() {
        PooledClient client = current;
        return StoreFailureTranslator.wrap(MongoDatabase.class, rawDatabase(client), describe(client.info()), client);
    }

    private static MongoDatabase rawDatabase(PooledClient client) {
        if (client.client() == null) {
            throw new StorageUnavailableException(client.unavailableReason());
        }
        String failure = client.reachability().failure();
        if (failure != null) {
            throw new StorageUnavailableException("The " + client.info().mode() + " store is unreachable: " + failure);
        }
        return client.client().getDatabase(client.info().databaseName());
    }

    @Override
    public GridFSBucket bucket(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("GridFS bucket name is blank");
        }
        PooledClient client = current;
        GridFSBucket bucket = GridFSBuckets.create(rawDatabase(client), name);
        return StoreFailureTranslator.wrap(GridFSBucket.class, bucket, describe(client.info()), client);
    }

    private static String describe(StorageInfo info) {
        return info.mode() + " store at " + info.address();
    }

    @Override
    public StorageInfo info() {
        return current.info();
    }

    /** Returns the pool use of the current client. */
    PoolStatistics pool() {
        return current.pool();
    }

    /** Returns the settings in force. */
    StorageSettings settings() {
        return settings;
    }

    /** Returns the replaced clients that are not closed yet. */
    int drainingClients() {
        return draining.size();
    }

    /** Returns the driver calls running on replaced clients that are not closed yet. */
    int drainingCalls() {
        int calls = 0;
        for (PooledClient client : draining) {
            calls += Math.max(client.leases(), 0);
        }
        return calls;
    }
}
