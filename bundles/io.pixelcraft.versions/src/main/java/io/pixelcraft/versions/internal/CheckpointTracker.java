package io.pixelcraft.versions.internal;

import io.pixelcraft.api.project.DocumentChange;
import io.pixelcraft.api.project.DocumentListener;
import io.pixelcraft.api.project.ProjectNotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the edits of every project since its last version and stores an automatic checkpoint
 * after {@link VersionSettings#checkpointEveryOps()} ops or once the first unsaved edit is
 * {@link VersionSettings#checkpointEvery()} old.
 *
 * <p>{@link #changed} runs while the projects bundle holds the project's lock, so it only counts
 * and hands the checkpoint to the executor. The counts live in memory on this node: edits made
 * before a restart of this bundle start a new count. Replacements (restores) are not counted,
 * because a restore stores its own versions.
 */
final class CheckpointTracker implements DocumentListener {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointTracker.class);

    private final VersionService versions;
    private final Executor executor;
    private final Clock clock;
    private final Supplier<VersionSettings> settings;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** Edits since the last version of one project. Changed only inside {@code pending.compute}. */
    private static final class Pending {
        final Instant firstEdit;
        final Set<String> authors = new TreeSet<>();
        long ops;
        boolean scheduled;

        Pending(Instant firstEdit) {
            this.firstEdit = firstEdit;
        }
    }

    CheckpointTracker(VersionService versions, Executor executor, Clock clock, Supplier<VersionSettings> settings) {
        this.versions = versions;
        this.executor = executor;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void changed(DocumentChange change) {
        if (change.replacement()) {
            return;
        }
        int every = settings.get().checkpointEveryOps();
        boolean[] due = new boolean[1];
        pending.compute(change.projectId(), (id, entry) -> {
            Pending current = entry != null ? entry : new Pending(clock.instant());
            current.ops += change.ops().size();
            if (change.authorId() != null) {
                current.authors.add(change.authorId());
            }
            if (current.ops >= every && !current.scheduled) {
                current.scheduled = true;
                due[0] = true;
            }
            return current;
        });
        if (due[0]) {
            executor.execute(() -> checkpoint(change.projectId()));
        }
    }

    /** Schedules a checkpoint for every project whose first unsaved edit is older than the interval. */
    void checkpointIdleProjects() {
        Instant cutoff = clock.instant().minus(settings.get().checkpointEvery());
        for (String projectId : List.copyOf(pending.keySet())) {
            boolean[] due = new boolean[1];
            pending.computeIfPresent(projectId, (id, entry) -> {
                if (!entry.scheduled && !entry.firstEdit.isAfter(cutoff)) {
                    entry.scheduled = true;
                    due[0] = true;
                }
                return entry;
            });
            if (due[0]) {
                executor.execute(() -> checkpoint(projectId));
            }
        }
    }

    /** Returns the authors of the project's unsaved edits and clears its count, for a restore. */
    List<String> takePendingAuthors(String projectId) {
        Pending entry = pending.remove(projectId);
        return entry == null ? List.of() : new ArrayList<>(entry.authors);
    }

    /** Returns the number of projects with edits not yet in a version. */
    int pendingProjects() {
        return pending.size();
    }

    private void checkpoint(String projectId) {
        Pending entry = pending.remove(projectId);
        if (entry == null) {
            return;
        }
        try {
            Duration waited = Duration.between(entry.firstEdit, clock.instant());
            VersionRecord version = versions.create(projectId, new VersionService.NewVersion(VersionRecord.CHECKPOINT,
                    "Checkpoint", null, null, new ArrayList<>(entry.authors), null));
            LOG.debug("Stored checkpoint {} of project {} after {} ops and {} s", version.number(), projectId, entry.ops,
                    waited.toSeconds());
        } catch (ProjectNotFoundException e) {
            LOG.debug("Skipped the checkpoint of project {}: it was deleted", projectId);
        } catch (RuntimeException e) {
            LOG.error("Storing a checkpoint of project {} after {} ops failed; the edits stay in the op log", projectId,
                    entry.ops, e);
        }
    }
}
