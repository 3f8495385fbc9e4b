package io.pixelcraft.storage.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.event.ClusterListener;
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
 */
record StorageSettings(
        Optional<ConnectionString> uri,
        String databaseName,
        int maxPoolSize,
        int minPoolSize,
        int maxWaitTimeMs,
        int connectTimeoutMs,
        int serverSelectionTimeoutMs,
        int socketTimeoutMs) {

    static final String PID = "io.pixelcraft.storage";

    /** MongoDB's limit on database names, in bytes. */
    private static final int MAX_DATABASE_NAME_BYTES = 63;
    private static final String FORBIDDEN_DATABASE_NAME_CHARACTERS = "/\\. \"$\0";

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException naming the first invalid property and why; the message
     *                                  never contains the URI, which may carry a password
     */
    static StorageSettings from(StorageConfig config) {
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

        return new StorageSettings(uri, databaseName, config.maxPoolSize(), config.minPoolSize(),
                config.maxWaitTimeMs(), config.connectTimeoutMs(), config.serverSelectionTimeoutMs(),
                config.socketTimeoutMs());
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
    MongoClientSettings externalClientSettings(ClusterListener listener) {
        ConnectionString connection = uri.orElseThrow(
                () -> new IllegalStateException("No MongoDB URI configured; use embeddedClientSettings"));
        MongoClientSettings.Builder builder = MongoClientSettings.builder().applyConnectionString(connection);
        return applyPoolAndTimeouts(builder, listener).build();
    }

    /** Builds client settings for the embedded store listening on {@code address}. */
    MongoClientSettings embeddedClientSettings(InetSocketAddress address, ClusterListener listener) {
        ServerAddress server = new ServerAddress(address.getHostString(), address.getPort());
        MongoClientSettings.Builder builder = MongoClientSettings.builder()
                .applyToClusterSettings(cluster -> cluster.hosts(List.of(server)));
        return applyPoolAndTimeouts(builder, listener).build();
    }

    private MongoClientSettings.Builder applyPoolAndTimeouts(MongoClientSettings.Builder builder,
            ClusterListener listener) {
        return builder
                .applyToConnectionPoolSettings(pool -> pool
                        .maxSize(maxPoolSize)
                        .minSize(minPoolSize)
                        .maxWaitTime(maxWaitTimeMs, TimeUnit.MILLISECONDS))
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
