package io.pixelcraft.versions.internal;

import static io.pixelcraft.versions.internal.VersionTestSupport.PROJECT;
import static io.pixelcraft.versions.internal.VersionTestSupport.rect;
import static io.pixelcraft.versions.internal.VersionTestSupport.set;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckpointTrackerTest {

    private final VersionTestSupport t = new VersionTestSupport();
    /** Runs checkpoints on the calling thread, so each test sees them at once. */
    private final CheckpointTracker tracker = new CheckpointTracker(t.service, Runnable::run, t.clock, () -> t.settings);

    @AfterEach
    void close() {
        t.close();
    }

    private List<VersionRecord> versions() {
        return t.service.list(PROJECT, VersionStore.MAX_NUMBER + 1, 100);
    }

    @Test
    void checkpointsAfterEveryNOps() {
        t.settings = VersionTestSupport.settings(5, 60, 24, 7);
        t.documents.addListener(tracker);

        t.apply(rect("a"), rect("b"));
        t.documents.apply(PROJECT, List.of(set("a", "x", 1.0), set("b", "x", 2.0)), "bob");
        assertThat(versions()).isEmpty();
        t.apply(set("a", "x", 3.0));

        assertThat(versions()).hasSize(1);
        VersionRecord checkpoint = versions().get(0);
        assertThat(checkpoint.kind()).isEqualTo(VersionRecord.CHECKPOINT);
        assertThat(checkpoint.authors()).containsExactly("alice", "bob");
        assertThat(checkpoint.createdBy()).isNull();
        assertThat(checkpoint.revision()).isEqualTo(t.documents.load(PROJECT).revision());
        assertThat(tracker.pendingProjects()).isZero();
    }

    @Test
    void checkpointsAfterTimeOfActivity() {
        t.settings = VersionTestSupport.settings(1000, 10, 24, 7);
        t.documents.addListener(tracker);
        t.apply(rect("a"));

        t.clock.advance(Duration.ofMinutes(9));
        tracker.checkpointIdleProjects();
        assertThat(versions()).isEmpty();

        t.clock.advance(Duration.ofMinutes(1));
        tracker.checkpointIdleProjects();
        assertThat(versions()).hasSize(1);

        tracker.checkpointIdleProjects();
        assertThat(versions()).as("no new edits, no new checkpoint").hasSize(1);
    }

    @Test
    void ignoresReplacements() {
        t.settings = VersionTestSupport.settings(1, 10, 24, 7);
        t.apply(rect("a"));
        VersionRecord named = t.name("first");
        t.documents.addListener(tracker);

        t.service.restore(PROJECT, named.number(), "bob", tracker.takePendingAuthors(PROJECT));

        assertThat(versions()).extracting(VersionRecord::kind).containsExactly(VersionRecord.RESTORE, VersionRecord.NAMED);
        assertThat(tracker.pendingProjects()).isZero();
    }
}
