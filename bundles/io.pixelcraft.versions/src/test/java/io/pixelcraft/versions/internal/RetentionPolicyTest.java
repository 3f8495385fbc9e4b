package io.pixelcraft.versions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final RetentionPolicy policy = new RetentionPolicy(Duration.ofDays(1), Duration.ofDays(7));

    private static VersionRecord version(long number, String kind, Instant createdAt) {
        return new VersionRecord("p", number, kind, "v" + number, null, number, createdAt, null, List.of(), null, null, 0,
                null);
    }

    /** Versions every {@code step} going back {@code span} from now, numbered oldest first. */
    private static List<VersionRecord> history(Duration step, Duration span, Random random) {
        List<VersionRecord> versions = new ArrayList<>();
        long count = span.dividedBy(step);
        for (long i = count; i >= 0; i--) {
            String kind = random.nextInt(10) == 0 ? VersionRecord.NAMED : VersionRecord.CHECKPOINT;
            versions.add(version(count - i + 1, kind, NOW.minus(step.multipliedBy(i))));
        }
        return versions;
    }

    @Test
    void keepsEverythingInFirstDay() {
        List<VersionRecord> versions = history(Duration.ofMinutes(5), Duration.ofHours(23), new Random(1));
        assertThat(policy.expired(versions, NOW)).isEmpty();
    }

    @Test
    void keepsWhatPolicyPromises() {
        List<VersionRecord> versions = history(Duration.ofMinutes(7), Duration.ofDays(30), new Random(2));
        List<VersionRecord> expired = policy.expired(versions, NOW);
        Set<Long> removed = expired.stream().map(VersionRecord::number).collect(Collectors.toSet());
        List<VersionRecord> kept = versions.stream().filter(v -> !removed.contains(v.number())).toList();

        assertThat(expired).noneMatch(VersionRecord::named);
        assertThat(removed).doesNotContain(versions.get(versions.size() - 1).number());
        for (VersionRecord version : versions) {
            Duration age = Duration.between(version.createdAt(), NOW);
            if (age.compareTo(Duration.ofDays(1)) < 0) {
                assertThat(removed).as("version %d is younger than a day", version.number()).doesNotContain(version.number());
            }
        }

        Map<Long, Integer> checkpointsPerHour = new HashMap<>();
        Map<Long, Integer> checkpointsPerDay = new HashMap<>();
        Set<Long> hoursWithCheckpoints = new java.util.HashSet<>();
        Set<Long> daysWithCheckpoints = new java.util.HashSet<>();
        for (VersionRecord version : versions) {
            Duration age = Duration.between(version.createdAt(), NOW);
            if (version.named() || age.compareTo(Duration.ofDays(1)) < 0) {
                continue;
            }
            if (age.compareTo(Duration.ofDays(7)) < 0) {
                hoursWithCheckpoints.add(version.createdAt().getEpochSecond() / 3600);
            } else {
                daysWithCheckpoints.add(version.createdAt().getEpochSecond() / 86_400);
            }
        }
        for (VersionRecord version : kept) {
            Duration age = Duration.between(version.createdAt(), NOW);
            if (version.named() || age.compareTo(Duration.ofDays(1)) < 0) {
                continue;
            }
            if (age.compareTo(Duration.ofDays(7)) < 0) {
                checkpointsPerHour.merge(version.createdAt().getEpochSecond() / 3600, 1, Integer::sum);
            } else {
                checkpointsPerDay.merge(version.createdAt().getEpochSecond() / 86_400, 1, Integer::sum);
            }
        }
        assertThat(checkpointsPerHour.keySet()).as("one checkpoint per hour during the week").isEqualTo(hoursWithCheckpoints);
        assertThat(checkpointsPerHour.values()).allMatch(count -> count == 1);
        assertThat(checkpointsPerDay.keySet()).as("one checkpoint per day after the week").isEqualTo(daysWithCheckpoints);
        assertThat(checkpointsPerDay.values()).allMatch(count -> count == 1);
    }

    @Test
    void keepsNewestOfEachBucket() {
        Instant hourStart = Instant.parse("2026-02-27T10:00:00Z");
        List<VersionRecord> versions = List.of(
                version(1, VersionRecord.CHECKPOINT, hourStart.plusSeconds(60)),
                version(2, VersionRecord.CHECKPOINT, hourStart.plusSeconds(1200)),
                version(3, VersionRecord.CHECKPOINT, hourStart.plusSeconds(3000)),
                version(4, VersionRecord.CHECKPOINT, NOW.minusSeconds(60)));

        assertThat(policy.expired(versions, NOW)).extracting(VersionRecord::number).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void keepsNamedVersionsForever() {
        List<VersionRecord> versions = List.of(
                version(1, VersionRecord.NAMED, NOW.minus(Duration.ofDays(400))),
                version(2, VersionRecord.NAMED, NOW.minus(Duration.ofDays(400)).plusSeconds(10)),
                version(3, VersionRecord.CHECKPOINT, NOW.minus(Duration.ofDays(400)).plusSeconds(20)),
                version(4, VersionRecord.CHECKPOINT, NOW.minus(Duration.ofDays(400)).plusSeconds(30)));

        assertThat(policy.expired(versions, NOW)).extracting(VersionRecord::number).containsExactly(3L);
    }

    @Test
    void rejectsHourlyWindowShorterThanKeepAll() {
        assertThatThrownBy(() -> new RetentionPolicy(Duration.ofDays(2), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
