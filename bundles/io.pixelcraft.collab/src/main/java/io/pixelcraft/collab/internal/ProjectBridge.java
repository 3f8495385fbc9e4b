package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.project.DocumentChange;
import io.pixelcraft.api.project.ProjectDocuments;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a room and the projects bundle's copy of the same document in step, in both directions.
 * Batches the room has stored are applied to {@link ProjectDocuments} in sequence order, so REST
 * reads, exports and version history see live edits. Changes made through REST arrive through
 * the subscription and enter the room as batches of their own. Op ids make both directions
 * idempotent: the echo of a forwarded batch consists of ops the room has seen, so it is skipped.
 *
 * <p>NOTE: forwarding costs one write in the projects bundle per forwarded batch, because its
 * {@code apply} stores each batch separately, on top of the room's group-committed op log.
 */
final class ProjectBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectBridge.class);

    private final String projectId;
    private final ProjectDocuments projects;
    private final ScheduledExecutorService executor;
    private final ArrayDeque<LoggedBatch> queue = new ArrayDeque<>();
    private boolean forwarding;
    private AutoCloseable subscription;

    ProjectBridge(String projectId, ProjectDocuments projects, ScheduledExecutorService executor) {
        this.projectId = projectId;
        this.projects = projects;
        this.executor = executor;
    }

    /** Subscribes to the project's changes; listeners run under the project's lock, so work is handed off. */
    void subscribe(Room room) {
        subscription = projects.subscribe(projectId, change -> executor.execute(() -> room.applyExternal(change)));
    }

    /** Queues stored member batches for the projects bundle, in sequence order. */
    void forward(List<LoggedBatch> batches) {
        synchronized (this) {
            queue.addAll(batches);
            if (forwarding) {
                return;
            }
            forwarding = true;
        }
        executor.execute(this::drain);
    }

    private void drain() {
        while (true) {
            LoggedBatch batch;
            synchronized (this) {
                batch = queue.poll();
                if (batch == null) {
                    forwarding = false;
                    notifyAll();
                    return;
                }
            }
            try {
                BatchResult result = projects.apply(projectId, batch.ops(), batch.author());
                if (!result.applied()) {
                    LOG.warn("Project {} rejected collaboration batch seq {}: {}", projectId, batch.seq(),
                            result.violations());
                }
            } catch (RuntimeException e) {
                // NOTE: the batch stays in the room's op log but is missing from the projects bundle's copy.
                LOG.error("Failed to forward collaboration batch seq {} to project {}", batch.seq(), projectId, e);
            }
        }
    }

    /** Waits until every queued batch has been forwarded, at most {@code timeoutMillis}. */
    synchronized void awaitForwarded(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (forwarding || !queue.isEmpty()) {
            long remaining = deadline - System.currentTimeMillis();
            if (remaining <= 0) {
                LOG.warn("Project {}: {} collaboration batches were not forwarded before the room closed; "
                        + "they are forwarded when the room reopens", projectId, queue.size());
                return;
            }
            try {
                wait(Math.min(remaining, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        if (subscription == null) {
            return;
        }
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.warn("Failed to unsubscribe the room of project {} from document changes", projectId, e);
        }
    }
}
