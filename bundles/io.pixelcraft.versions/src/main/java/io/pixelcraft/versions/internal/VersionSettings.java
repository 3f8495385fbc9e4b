package io.pixelcraft.versions.internal;

import java.time.Duration;

/**
 * Validated settings of version history.
 *
 * @param checkpointEveryOps     ops after which a checkpoint is stored
 * @param checkpointEvery        time after the first unsaved edit at which a checkpoint is stored
 * @param retention              which automatic versions retention removes
 * @param retentionInterval      time between retention runs
 * @param thumbnailSize          longest side of a thumbnail in pixels
 * @param rebasePercent          how far, in percent of the base's nodes, a version may differ
 *                               from its base before a new base is stored
 */
record VersionSettings(int checkpointEveryOps, Duration checkpointEvery, RetentionPolicy retention,
        Duration retentionInterval, int thumbnailSize, int rebasePercent) {

    /** Fewest changed nodes that trigger a new base, so small documents do not store a base per version. */
    static final int MIN_REBASE_NODES = 64;

    static VersionSettings from(VersionsConfig config) {
        Duration keepAll = Duration.ofHours(Math.max(0, config.retentionKeepAllHours()));
        Duration hourly = Duration.ofDays(Math.max(0, config.retentionHourlyDays()));
        if (hourly.compareTo(keepAll) < 0) {
            hourly = keepAll;
        }
        return new VersionSettings(Math.max(1, config.checkpointEveryOps()),
                Duration.ofMinutes(Math.max(1, config.checkpointEveryMinutes())),
                new RetentionPolicy(keepAll, hourly),
                Duration.ofMinutes(Math.max(1, config.retentionIntervalMinutes())),
                Math.min(2048, Math.max(16, config.thumbnailSize())),
                Math.min(100, Math.max(1, config.rebasePercent())));
    }

    /** Returns the number of changed nodes above which a version gets a new base snapshot. */
    int rebaseThreshold(int baseNodes) {
        return Math.max(MIN_REBASE_NODES, (int) ((long) baseNodes * rebasePercent / 100));
    }
}
