package io.pixelcraft.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the MongoDB connection, PID {@code io.pixelcraft.storage}. */
@ObjectClassDefinition(
        name = "PixelCraft storage",
        description = "MongoDB connection of the platform: an external MongoDB URI, or the embedded"
                + " store when the URI is empty. Pool and timeout values here override the same"
                + " options in the URI.")
public @interface StorageConfig {

    @AttributeDefinition(
            name = "MongoDB URI",
            description = "Connection string (mongodb:// or mongodb+srv://). Empty starts and uses the"
                    + " embedded store. Credentials in it are never logged.",
            type = AttributeType.PASSWORD)
    String uri() default "";

    @AttributeDefinition(
            name = "Database name",
            description = "Database that holds the platform's collections and GridFS buckets.")
    String databaseName() default "pixelcraft";

    @AttributeDefinition(
            name = "Maximum pool size",
            description = "Maximum number of connections in the driver's pool.",
            min = "1")
    int maxPoolSize() default 50;

    @AttributeDefinition(
            name = "Minimum pool size",
            description = "Connections the driver keeps open when idle; at most the maximum pool size.",
            min = "0")
    int minPoolSize() default 0;

    @AttributeDefinition(
            name = "Maximum wait time (ms)",
            description = "How long a request waits for a free pooled connection before it fails"
                    + " with 'storage unavailable' (HTTP 503). Short on purpose: failing fast beats queueing.",
            min = "0")
    int maxWaitTimeMs() default 300;

    @AttributeDefinition(
            name = "Connect timeout (ms)",
            description = "Time allowed to open a TCP connection to a server. 0 means no timeout.",
            min = "0")
    int connectTimeoutMs() default 2000;

    @AttributeDefinition(
            name = "Server selection timeout (ms)",
            description = "How long an operation waits for a reachable server (for example during a"
                    + " replica set election) before it fails.",
            min = "0")
    int serverSelectionTimeoutMs() default 3000;

    @AttributeDefinition(
            name = "Socket timeout (ms)",
            description = "Time allowed for one read from a server. 0 means no timeout.",
            min = "0")
    int socketTimeoutMs() default 30000;

    @AttributeDefinition(
            name = "Pool size floor",
            description = "Smallest maxPoolSize accepted. A configuration below it is rejected with an"
                    + " ERROR and the previous pool stays in force, unless allowUndersizedPool is set.",
            min = "1")
    int poolSizeFloor() default 10;

    @AttributeDefinition(
            name = "Expected concurrency",
            description = "Store operations that may run at the same time: the HTTP worker threads that"
                    + " use the store plus the background workers (thumbnails, collaboration flushes,"
                    + " mail). maxPoolSize below it is rejected like a value below the floor.",
            min = "1")
    int expectedConcurrency() default 32;

    @AttributeDefinition(
            name = "Allow an undersized pool",
            description = "Accept a maxPoolSize below poolSizeFloor or expectedConcurrency on purpose,"
                    + " for example in a load test. The service then logs a WARN every minute.")
    boolean allowUndersizedPool() default false;

    @AttributeDefinition(
            name = "Drain grace period (ms)",
            description = "After a pool change, the replaced client stays open at least this long, for"
                    + " requests that fetched a collection or cursor just before the change, and then"
                    + " closes once no call runs on it.",
            min = "0")
    int drainGraceMs() default 10000;

    @AttributeDefinition(
            name = "Readiness wait threshold (ms)",
            description = "Readiness reports DOWN while requests have been waiting for a pooled"
                    + " connection without a break for longer than this.",
            min = "0")
    int poolWaitReadinessThresholdMs() default 2000;
}
