package io.pixelcraft.collab.internal;

import java.util.List;

/**
 * The validated values of {@link CollabConfig}, as a record so that tests can build one directly.
 */
record CollabSettings(int maxMessageBytes, int maxOpsPerSecond, int opBurst, int maxOutboundMessages,
        int maxConnectionsPerRoom, int flushIntervalMillis, int presenceIntervalMillis, int snapshotEveryOps,
        int snapshotEverySeconds, int catchUpMaxBatches, int idleTimeoutSeconds, int joinTimeoutSeconds,
        boolean permessageDeflate, List<String> allowedOrigins) {

    static final CollabSettings DEFAULTS = new CollabSettings(256 * 1024, 200, 1000, 1024, 100, 20, 50, 500, 60,
            1000, 60, 10, false, List.of());

    CollabSettings {
        requirePositive("maxMessageBytes", maxMessageBytes);
        requirePositive("maxOpsPerSecond", maxOpsPerSecond);
        requirePositive("opBurst", opBurst);
        requirePositive("maxOutboundMessages", maxOutboundMessages);
        requirePositive("maxConnectionsPerRoom", maxConnectionsPerRoom);
        requirePositive("flushIntervalMillis", flushIntervalMillis);
        requirePositive("presenceIntervalMillis", presenceIntervalMillis);
        requirePositive("snapshotEveryOps", snapshotEveryOps);
        requirePositive("snapshotEverySeconds", snapshotEverySeconds);
        requirePositive("catchUpMaxBatches", catchUpMaxBatches);
        requirePositive("idleTimeoutSeconds", idleTimeoutSeconds);
        requirePositive("joinTimeoutSeconds", joinTimeoutSeconds);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    static CollabSettings from(CollabConfig config) {
        return new CollabSettings(config.maxMessageBytes(), config.maxOpsPerSecond(), config.opBurst(),
                config.maxOutboundMessages(), config.maxConnectionsPerRoom(), config.flushIntervalMillis(),
                config.presenceIntervalMillis(), config.snapshotEveryOps(), config.snapshotEverySeconds(),
                config.catchUpMaxBatches(), config.idleTimeoutSeconds(), config.joinTimeoutSeconds(),
                config.permessageDeflate(), List.of(config.allowedOrigins()));
    }

    CollabSettings withMaxConnectionsPerRoom(int value) {
        return new CollabSettings(maxMessageBytes, maxOpsPerSecond, opBurst, maxOutboundMessages, value,
                flushIntervalMillis, presenceIntervalMillis, snapshotEveryOps, snapshotEverySeconds, catchUpMaxBatches,
                idleTimeoutSeconds, joinTimeoutSeconds, permessageDeflate, allowedOrigins);
    }

    private static void requirePositive(String property, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Invalid collaboration setting " + property + "=" + value
                    + ": it must be a positive integer");
        }
    }
}
