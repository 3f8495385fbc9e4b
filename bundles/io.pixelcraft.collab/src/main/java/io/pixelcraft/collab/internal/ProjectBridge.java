package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.project.DocumentChange;
import io.pixelcraft.api.project.ProjectDocuments;
import io.pixelcraft.api.project.ProjectNotFoundException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a room and the projects bundle's copy of the same document in step, in both directions.
 * Batches the room has stored are applied to {@link ProjectDocuments} in sequence order, so REST
 * reads, exports and version history see live edits. REST edits reach an open room through
 * {@link io.pixelcraft.api.collab.LiveRooms} and come back here like members' batches. Changes
 * that bypass the room (a version restore, another node) arrive through the subscription and
 * enter the room as batches of their own. Op ids make both directions idempotent: the echo of a
 * forwarded batch consists of ops the room has seen, so it is skipped.
 *
 * <p>A batch whose forwarding fails on a store error is retried with backoff until the bridge
 * closes, and later batches wait behind it, so the projects bundle never applies them out of order.
 *
 * <p>NOTE: forwarding costs one write in the projects bundle per forwarded batch, because its
 * {@code apply} stores each batch separately, on top of the room's group-committed op log. And
 * forwarding runs after the ack, so a version restore that arrives within milliseconds of an
 * acknowledged batch can overtake its forward. That batch is then applied on top of the restored
 * document, and the room and the projects bundle agree on the result.
 */
final class ProjectBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectBridge.class);
    private static final long MAX_RETRY_DELAY_MILLIS = 5_000;

    /** A stored batch in sequence order; {@code apply} is false for one that came from the projects bundle. */
    record Pending(LoggedBatch batch, boolean apply) {
    }

    private final String projectId;
    private final ProjectDocuments projects;
    private final ScheduledExecutorService executor;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Room room;
    private boolean forwarding;
    private boolean closed;
    private int failedAttempts;
    private AutoCloseable subscription;

    ProjectBridge(String projectId, ProjectDocuments projects, ScheduledExecutorService executor) {
        this.projectId = projectId;
        this.projects = projects;
        this.executor = executor;
    }

    /** Subscribes to the project's changes; listeners run under the project's lock, so work is handed off. */
    void subscribe(Room target) {
        synchronized (this) {
            room = target;
        }
        subscription = projects.subscribe(projectId, change -> executor.execute(() -> target.applyExternal(change)));
    }

    /** Queues stored batches for the projects bundle, in sequence order. */
    void forward(List<Pending> batches) {
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
            Pending pending;
            Room target;
            synchronized (this) {
                pending = queue.peekFirst();
                target = room;
                if (pending == null || closed) {
                    forwarding = false;
                    notifyAll();
                    return;
                }
            }
            LoggedBatch batch = pending.batch();
            if (pending.apply() && !applyOrScheduleRetry(batch)) {
                return;
            }
            synchronized (this) {
                queue.pollFirst();
            }
            if (target != null) {
                target.forwarded(batch.seq());
            }
        }
    }

    /**
     * Applies one batch to the projects bundle. Returns false when it failed on a store error and
     * a retry is scheduled; the batch then stays at the head of the queue.
     */
    private boolean applyOrScheduleRetry(LoggedBatch batch) {
        try {
            BatchResult result = projects.apply(projectId, batch.ops(), batch.author());
            if (!result.applied()) {
                // The two copies differ now; they agree again when the room reopens from the project's document.
                LOG.error("Project {} rejected collaboration batch seq {} that the room applied: {}", projectId,
                        batch.seq(), result.violations());
            }
        } catch (ProjectNotFoundException e) {
            LOG.warn("Project {} no longer exists; collaboration batch seq {} was not forwarded", projectId, batch.seq());
        } catch (RuntimeException e) {
            long delay;
            synchronized (this) {
                failedAttempts++;
                delay = Math.min(MAX_RETRY_DELAY_MILLIS, 100L << Math.min(failedAttempts, 6));
            }
            LOG.error("Failed to forward collaboration batch seq {} to project {}, attempt {}; retrying in {} ms",
                    batch.seq(), projectId, failedAttempts, delay, e);
            executor.schedule(this::drain, delay, TimeUnit.MILLISECONDS);
            return false;
        }
        synchronized (this) {
            if (failedAttempts > 0) {
                LOG.info("Forwarding to project {} works again after {} failed attempts", projectId, failedAttempts);
                failedAttempts = 0;
            }
        }
        return true;
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

    /** Stops forwarding; batches still queued are forwarded when the room reopens. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
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
