package io.pixelcraft.projects.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.projects.internal.ThumbnailQueue.Due;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The debounce rules, driven by explicit times in milliseconds. */
class ThumbnailQueueTest {

    private static final long QUIET = 5_000;
    private static final long MAX_DELAY = 60_000;

    private final ThumbnailQueue queue = new ThumbnailQueue(QUIET, MAX_DELAY, 3);

    @Test
    void dueAfterQuietPeriod() {
        queue.changed("p1", 1, 0);
        queue.changed("p1", 2, 3_000);

        assertThat(queue.nextDue()).hasValue(8_000);
        assertThat(queue.pollDue(7_999)).isEmpty();
        assertThat(queue.pollDue(8_000)).contains(new Due("p1", 2));
        assertThat(queue.size()).isZero();
    }

    @Test
    void constantEditsDueAtMaxDelay() {
        for (long now = 0; now <= 70_000; now += 2_000) {
            queue.changed("p1", now / 2_000 + 1, now);
            if (now < MAX_DELAY) {
                assertThat(queue.pollDue(now)).as("due at %d ms", now).isEmpty();
            } else {
                assertThat(queue.pollDue(now)).as("due at %d ms", now).isPresent();
                break;
            }
        }

        assertThat(queue.size()).isZero();
    }

    @Test
    void editAfterRenderStartsNewPeriod() {
        queue.changed("p1", 1, 0);
        assertThat(queue.pollDue(5_000)).isPresent();

        queue.changed("p1", 2, 70_000);

        assertThat(queue.nextDue()).hasValue(75_000);
    }

    @Test
    void keepsHighestRevision() {
        queue.changed("p1", 7, 0);
        queue.changed("p1", 5, 1_000);

        assertThat(queue.pollDue(10_000)).contains(new Due("p1", 7));
    }

    @Test
    void fullQueueDropsOldest() {
        queue.changed("p1", 1, 0);
        queue.changed("p2", 1, 100);
        queue.changed("p3", 1, 200);
        queue.changed("p1", 2, 300);

        Optional<String> dropped = queue.changed("p4", 1, 400);

        assertThat(dropped).contains("p1");
        assertThat(queue.dropped()).isEqualTo(1);
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.pollDue(10_000)).contains(new Due("p2", 1));
        assertThat(queue.pollDue(10_000)).contains(new Due("p3", 1));
        assertThat(queue.pollDue(10_000)).contains(new Due("p4", 1));
    }

    @Test
    void pollsLongestWaitingDueFirst() {
        queue.changed("p1", 1, 0);
        queue.changed("p2", 1, 100);
        queue.changed("p1", 2, 4_000);

        assertThat(queue.pollDue(5_100)).contains(new Due("p2", 1));
        assertThat(queue.pollDue(5_100)).isEmpty();
        assertThat(queue.pollDue(9_000)).contains(new Due("p1", 2));
    }

    @Test
    void clearReturnsDroppedCount() {
        queue.changed("p1", 1, 0);
        queue.changed("p2", 1, 0);

        assertThat(queue.clear()).isEqualTo(2);
        assertThat(queue.nextDue()).isEmpty();
    }

    @Test
    void rejectsInvalidSettings() {
        assertThatThrownBy(() -> new ThumbnailQueue(QUIET, MAX_DELAY, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity 0");
    }
}
