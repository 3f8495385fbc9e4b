package io.pixelcraft.collab.internal;

import java.util.List;

/**
 * The validated values of {@link CollabConfig}, as a record so that tests can build one directly.
 */
record CollabSettings(int maxMessageBytes, int maxOpsPerSecond, int opBurst, int maxOutboundMessages,
        int maxConnectionsPerRoom, int flushIntervalMillis, int presenceIntervalMillis, int snapshotEveryOps,
        int snapshotEverySeconds, int catchUpMaxBatches, int idleTimeoutSeconds, int joinTimeoutSeconds,
        boolean permessageDeflate, List<String> allowedOrigins, int maxPingPresencePerSecond) {

    /** Default of {@code maxPingPresencePerSecond}. */
    static final int PING_PRESENCE_PER_SECOND = 100;
    static final CollabSettings DEFAULTS = new CollabSettings(256 * 1024, 200, 1000, 1024, 100, 20, 50, 500, 60,
            1000, 60, 10, false, List.of());

    /** Builds settings with the default rate of ping and presence messages. */
    CollabSettings(int maxMessageBytes, int maxOpsPerSecond, int opBurst, int maxOutboundMessages,
            int maxConnectionsPerRoom, int flushIntervalMillis, int presenceIntervalMillis, int snapshotEveryOps,
            int snapshotEverySeconds, int catchUpMaxBatches, int idleTimeoutSeconds, int joinTimeoutSeconds,
            boolean permessageDeflate, List<String> allowedOrigins) {
        this(maxMessageBytes, maxOpsPerSecond, opBurst, maxOutboundMessages, maxConnectionsPerRoom, flushIntervalMillis,
                presenceIntervalMillis, snapshotEveryOps, snapshotEverySeconds, catchUpMaxBatches, idleTimeoutSeconds,
                joinTimeoutSeconds, permessageDeflate, allowedOrigins, PING_PRESENCE_PER_SECOND);
    }

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
        requirePositive("maxPingPresencePerSecond", maxPingPresencePerSecond);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    static CollabSettings from(CollabConfig config) {
        return new CollabSettings(config.maxMessageBytes(), config.maxOpsPerSecond(), config.opBurst(),
                config.maxOutboundMessages(), config.maxConnectionsPerRoom(), config.flushIntervalMillis(),
                config.presenceIntervalMillis(), config.snapshotEveryOps(), config.snapshotEverySeconds(),
                config.catchUpMaxBatches(), config.idleTimeoutSeconds(), config.joinTimeoutSeconds(),
                config.permessageDeflate(), listed(config.allowedOrigins()), config.maxPingPresencePerSecond());
    }

    CollabSettings withMaxConnectionsPerRoom(int value) {
        return new CollabSettings(maxMessageBytes, maxOpsPerSecond, opBurst, maxOutboundMessages, value,
                flushIntervalMillis, presenceIntervalMillis, snapshotEveryOps, snapshotEverySeconds, catchUpMaxBatches,
                idleTimeoutSeconds, joinTimeoutSeconds, permessageDeflate, allowedOrigins, maxPingPresencePerSecond);
    }

    CollabSettings withMaxPingPresencePerSecond(int value) {
        return new CollabSettings(maxMessageBytes, maxOpsPerSecond, opBurst, maxOutboundMessages, maxConnectionsPerRoom,
                flushIntervalMillis, presenceIntervalMillis, snapshotEveryOps, snapshotEverySeconds, catchUpMaxBatches,
                idleTimeoutSeconds, joinTimeoutSeconds, permessageDeflate, allowedOrigins, value);
    }

    private static void requirePositive(String property, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Invalid collaboration setting " + property + "=" + value
                    + ": it must be a positive integer");
        }
    }

    /**
     * Returns the elements of a list setting. A {@code .cfg} file delivers {@code a,b} as one
     * string, and DS does not split it, so each element is split at commas here.
     */
    static List<String> listed(String[] values) {
        List<String> items = new java.util.ArrayList<>();
        for (String value : values) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return List.copyOf(items);
    }
}
