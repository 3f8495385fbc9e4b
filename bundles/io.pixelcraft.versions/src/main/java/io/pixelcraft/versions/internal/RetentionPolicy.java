package io.pixelcraft.versions.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which automatic versions to remove: every one younger than {@code keepAll}, the newest
 * per hour until {@code hourlyUntil}, the newest per day after that. Named versions and the
 * project's newest version are never removed.
 *
 * @param keepAll     age below which every checkpoint is kept
 * @param hourlyUntil age below which one checkpoint per hour is kept; older ones keep one per day
 */
record RetentionPolicy(Duration keepAll, Duration hourlyUntil) {

    RetentionPolicy {
        if (keepAll.isNegative() || hourlyUntil.compareTo(keepAll) < 0) {
            throw new IllegalArgumentException("Retention needs 0 <= keepAll (" + keepAll + ") <= hourlyUntil ("
                    + hourlyUntil + ")");
        }
    }

    /**
     * Returns the versions to remove.
     *
     * @param versions a project's versions in any order
     * @param now      the time ages are measured from
     */
    List<VersionRecord> expired(List<VersionRecord> versions, Instant now) {
        List<VersionRecord> newestFirst = new ArrayList<>(versions);
        newestFirst.sort((a, b) -> Long.compare(b.number(), a.number()));
        Set<Long> keptBuckets = new HashSet<>();
        List<VersionRecord> expired = new ArrayList<>();
        for (int i = 0; i < newestFirst.size(); i++) {
            VersionRecord version = newestFirst.get(i);
            Duration age = Duration.between(version.createdAt(), now);
            if (version.named() || age.compareTo(keepAll) < 0) {
                continue;
            }
            // Bucket numbers: hours since the epoch are positive, days are negative, so the two never collide.
            long epochSecond = version.createdAt().getEpochSecond();
            long bucket = age.compareTo(hourlyUntil) < 0
                    ? Math.floorDiv(epochSecond, 3600)
                    : -1 - Math.floorDiv(epochSecond, 86_400);
            boolean firstInBucket = keptBuckets.add(bucket);
            // The newest version is always kept, and it represents its bucket.
            if (!firstInBucket && i > 0) {
                expired.add(version);
            }
        }
        return expired;
    }
}
