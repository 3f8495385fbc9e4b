package io.pixelcraft.storage.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.event.ClusterListener;
import com.mongodb.event.ConnectionPoolListener;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Validated storage configuration and the driver settings built from it.
 *
 * @param uri                      the external MongoDB, or empty for the embedded store
 * @param databaseName             database for the platform's collections
 * @param maxPoolSize              maximum pooled connections
 * @param minPoolSize              connections kept open when idle
 * @param maxWaitTimeMs            wait for a free pooled connection, in milliseconds
 * @param connectTimeoutMs         TCP connect timeout in milliseconds, 0 for none
 * @param serverSelectionTimeoutMs wait for a reachable server in milliseconds
 * @param socketTimeoutMs          read timeout in milliseconds, 0 for none
 * @param poolSizeFloor            smallest accepted maxPoolSize
 * @param expectedConcurrency      store operations that may run at once (HTTP and background workers)
 * @param allowUndersizedPool      whether a maxPoolSize below the minimum is accepted on purpose
 * @param drainGraceMs             how long a replaced client stays open after its last call, in milliseconds
 * @param poolWaitReadinessThresholdMs how long requests may wait for a connection before readiness fails
 */
record StorageSettings(
        Optional<ConnectionString> uri,
        String databaseName,
        int maxPoolSize,
        int minPoolSize,
        int maxWaitTimeMs,
        int connectTimeoutMs,
        int serverSelectionTimeoutMs,
        int socketTimeoutMs,
        int poolSizeFloor,
        int expectedConcurrency,
        boolean allowUndersizedPool,
        int drainGraceMs,
        int poolWaitReadinessThresholdMs) {

    static final String PID = "io.pixelcraft.storage";

    /** MongoDB's limit on database names, in bytes. */
    private static final int MAX_DATABASE_NAME_BYTES = 63;
    private static final String FORBIDDEN_DATABASE_NAME_CHARACTERS = "/\\. \"$\0";

    /**
     * Validates the configuration, pool size included.
     *
     * @throws IllegalArgumentException naming the first invalid property and why; the message
     *                                  never contains the URI, which may carry a password
     */
    static StorageSettings from(StorageConfig config) {
        StorageSettings settings = parse(config);
        settings.checkPoolSize();
        return settings;
    }

    /**
     * Validates every property but does not compare maxPoolSize with the required minimum, so that
     * the first activation can start with a corrected pool instead of no store at all.
     *
     * @throws IllegalArgumentException as {@link #from}
     */
    static StorageSettings parse(StorageConfig config) {
        Optional<ConnectionString> uri = parseUri(config.uri());
        String databaseName = validateDatabaseName(config.databaseName());

        requireAtLeast("maxPoolSize", config.maxPoolSize(), 1);
        requireAtLeast("minPoolSize", config.minPoolSize(), 0);
        if (config.minPoolSize() > config.maxPoolSize()) {
            throw invalid("minPoolSize", config.minPoolSize() + " is greater than maxPoolSize "
                    + config.maxPoolSize() + "; lower minPoolSize or raise maxPoolSize");
        }
        requireAtLeast("maxWaitTimeMs", config.maxWaitTimeMs(), 0);
        requireAtLeast("connectTimeoutMs", config.connectTimeoutMs(), 0);
        requireAtLeast("serverSelectionTimeoutMs", config.serverSelectionTimeoutMs(), 0);
        requireAtLeast("socketTimeoutMs", config.socketTimeoutMs(), 0);
        requireAtLeast("poolSizeFloor", config.poolSizeFloor(), 1);
        requireAtLeast("expectedConcurrency", config.expectedConcurrency(), 1);
        requireAtLeast("drainGraceMs", config.drainGraceMs(), 0);
        requireAtLeast("poolWaitReadinessThresholdMs", config.poolWaitReadinessThresholdMs(), 0);

        return new StorageSettings(uri, databaseName, config.maxPoolSize(), config.minPoolSize(),
                config.maxWaitTimeMs(), config.connectTimeoutMs(), config.serverSelectionTimeoutMs(),
                config.socketTimeoutMs(), config.poolSizeFloor(), config.expectedConcurrency(),
                config.allowUndersizedPool(), config.drainGraceMs(), config.poolWaitReadinessThresholdMs());
    }

    /** Returns the smallest maxPoolSize that carries the configured load: the floor or the expected concurrency. */
    int requiredPoolSize() {
        return Math.max(poolSizeFloor, expectedConcurrency);
    }

    /** Returns whether maxPoolSize is below {@link #requiredPoolSize()}. */
    boolean undersized() {
        return maxPoolSize < requiredPoolSize();
    }

    /** Describes why the pool is undersized, naming the property, the value and the minimum. */
    String undersizedReason() {
        String limit = expectedConcurrency >= poolSizeFloor
                ? "expectedConcurrency " + expectedConcurrency
                : "poolSizeFloor " + poolSizeFloor;
        return "maxPoolSize " + maxPoolSize + " is less than the minimum " + requiredPoolSize() + " (" + limit + ")";
    }

    /**
     * Rejects an undersized pool unless {@link #allowUndersizedPool()} is set.
     *
     * @throws IllegalArgumentException naming maxPoolSize, its value, the minimum and the ways out
     */
    void checkPoolSize() {
        if (undersized() && !allowUndersizedPool) {
            throw invalid("maxPoolSize", undersizedReason() + "; raise maxPoolSize, lower expectedConcurrency"
                    + " if fewer workers use the store, or set allowUndersizedPool=true to accept it on purpose");
        }
    }

    /** Returns these settings with another maxPoolSize. */
    StorageSettings withMaxPoolSize(int size) {
        return new StorageSettings(uri, databaseName, size, Math.min(minPoolSize, size), maxWaitTimeMs,
                connectTimeoutMs, serverSelectionTimeoutMs, socketTimeoutMs, poolSizeFloor, expectedConcurrency,
                allowUndersizedPool, drainGraceMs, poolWaitReadinessThresholdMs);
    }

    /**
     * Returns these settings with at least {@code connections} pooled connections kept open, capped
     * at maxPoolSize. Used for a replacement client, so that its pool is warm before the swap.
     */
    StorageSettings withMinPoolSizeAtLeast(int connections) {
        int min = Math.max(minPoolSize, Math.min(connections, maxPoolSize));
        return new StorageSettings(uri, databaseName, maxPoolSize, min, maxWaitTimeMs, connectTimeoutMs,
                serverSelectionTimeoutMs, socketTimeoutMs, poolSizeFloor, expectedConcurrency, allowUndersizedPool,
                drainGraceMs, poolWaitReadinessThresholdMs);
    }

    /** Returns whether {@code other} needs a new driver client, because a connection or pool setting differs. */
    boolean needsNewClient(StorageSettings other) {
        return !uri.equals(other.uri) || !databaseName.equals(other.databaseName)
                || maxPoolSize != other.maxPoolSize || minPoolSize != other.minPoolSize
                || maxWaitTimeMs != other.maxWaitTimeMs || connectTimeoutMs != other.connectTimeoutMs
                || serverSelectionTimeoutMs != other.serverSelectionTimeoutMs
                || socketTimeoutMs != other.socketTimeoutMs;
    }

    boolean embedded() {
        return uri.isEmpty();
    }

    /**
     * Describes the configured hosts without user name, password or options, for logs and health.
     * Returns an empty string in embedded mode.
     */
    String describeHosts() {
        return uri.map(connection -> String.join(",", connection.getHosts())).orElse("");
    }

    /** Builds client settings for the external MongoDB of {@link #uri()}. */
    MongoClientSettings externalClientSettings(ClusterListener listener, ConnectionPoolListener... poolListeners) {
        ConnectionString connection = uri.orElseThrow(
                () -> new IllegalStateException("No MongoDB URI configured; use embeddedClientSettings"));
        MongoClientSettings.Builder builder = MongoClientSettings.builder().applyConnectionString(connection);
        return applyPoolAndTimeouts(builder, listener, poolListeners).build();
    }

    /** Builds client settings for the embedded store listening on {@code address}. */
    MongoClientSettings embeddedClientSettings(InetSocketAddress address, ClusterListener listener,
            ConnectionPoolListener... poolListeners) {
        ServerAddress server = new ServerAddress(address.getHostString(), address.getPort());
        MongoClientSettings.Builder builder = MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.hosts(List.of(server)));
        return applyPoolAndTimeouts(builder, listener, poolListeners).build();
    }

    private MongoClientSettings.Builder applyPoolAndTimeouts(MongoClientSettings.Builder builder,
            ClusterListener listener, ConnectionPoolListener... poolListeners) {
        return builder
                .applyToConnectionPoolSettings(pool -> {
                    pool.maxSize(maxPoolSize)
                            .minSize(minPoolSize)
                            .maxWaitTime(maxWaitTimeMs, TimeUnit.MILLISECONDS);
                    for (ConnectionPoolListener poolListener : poolListeners) {
                        pool.addConnectionPoolListener(poolListener);
                    }
                })
                .applyToSocketSettings(socket -> socket
                        .connectTimeout(connectTimeoutMs, TimeUnit.MILLISECONDS)
                        .readTimeout(socketTimeoutMs, TimeUnit.MILLISECONDS))
                .applyToClusterSettings(cluster -> cluster
                        .serverSelectionTimeout(serverSelectionTimeoutMs, TimeUnit.MILLISECONDS)
                        .addClusterListener(listener));
    }

    private static Optional<ConnectionString> parseUri(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ConnectionString(value.strip()));
        } catch (IllegalArgumentException e) {
            // The driver's message and the cause may quote the URI and its password, so neither is kept.
            throw invalid("uri", "it is not a valid MongoDB connection string; expected"
                    + " mongodb://host:port or mongodb+srv://host with special characters in the"
                    + " user name and password percent-encoded, or empty for the embedded store");
        }
    }

    private static String validateDatabaseName(String value) {
        if (value == null || value.isBlank()) {
            throw invalid("databaseName", "it is empty; set a name such as pixelcraft");
        }
        for (char c : FORBIDDEN_DATABASE_NAME_CHARACTERS.toCharArray()) {
            if (value.indexOf(c) >= 0) {
                throw invalid("databaseName", "'" + value + "' contains a character MongoDB forbids"
                        + " in database names (/ \\ . space \" $ or NUL)");
            }
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_DATABASE_NAME_BYTES) {
            throw invalid("databaseName", "'" + value + "' is longer than "
                    + MAX_DATABASE_NAME_BYTES + " bytes");
        }
        return value;
    }

    private static void requireAtLeast(String property, int value, int minimum) {
        if (value < minimum) {
            throw invalid(property, value + " is less than " + minimum);
        }
    }

    private static IllegalArgumentException invalid(String property, String reason) {
        return new IllegalArgumentException("Invalid " + property + " in configuration " + PID + ": " + reason);
    }
}
