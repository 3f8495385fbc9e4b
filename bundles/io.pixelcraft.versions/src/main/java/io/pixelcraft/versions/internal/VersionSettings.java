package io.pixelcraft.versions.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(VersionSettings.class);

    /** Fewest changed nodes that trigger a new base, so small documents do not store a base per version. */
    static final int MIN_REBASE_NODES = 64;

    /** Reads the configuration, clamping each value to its range and logging a WARN line for each value it corrects. */
    static VersionSettings from(VersionsConfig config) {
        Duration keepAll = Duration.ofHours(clamp("retentionKeepAllHours", config.retentionKeepAllHours(), 0, Integer.MAX_VALUE));
        Duration hourly = Duration.ofDays(clamp("retentionHourlyDays", config.retentionHourlyDays(), 0, Integer.MAX_VALUE));
        if (hourly.compareTo(keepAll) < 0) {
            LOG.warn("retentionHourlyDays ({} days) is shorter than retentionKeepAllHours ({} h); using {} h for both",
                    hourly.toDays(), keepAll.toHours(), keepAll.toHours());
            hourly = keepAll;
        }
        return new VersionSettings(clamp("checkpointEveryOps", config.checkpointEveryOps(), 1, Integer.MAX_VALUE),
                Duration.ofMinutes(clamp("checkpointEveryMinutes", config.checkpointEveryMinutes(), 1, Integer.MAX_VALUE)),
                new RetentionPolicy(keepAll, hourly),
                Duration.ofMinutes(clamp("retentionIntervalMinutes", config.retentionIntervalMinutes(), 1, Integer.MAX_VALUE)),
                clamp("thumbnailSize", config.thumbnailSize(), 16, 2048),
                clamp("rebasePercent", config.rebasePercent(), 1, 100));
    }

    private static int clamp(String property, int value, int min, int max) {
        int clamped = Math.min(max, Math.max(min, value));
        if (clamped != value) {
            LOG.warn("Invalid {} {} in configuration io.pixelcraft.versions: using {} (allowed {} to {})", property, value,
                    clamped, min, max);
        }
        return clamped;
    }

    /** Returns the number of changed nodes above which a version gets a new base snapshot. */
    int rebaseThreshold(int baseNodes) {
        return Math.max(MIN_REBASE_NODES, (int) ((long) baseNodes * rebasePercent / 100));
    }
}
