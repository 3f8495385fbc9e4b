package io.pixelcraft.projects.internal;

import io.pixelcraft.api.project.DocumentChange;
import io.pixelcraft.api.project.DocumentListener;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders project thumbnails after edits: each committed change queues its project in a
 * {@link ThumbnailQueue}, and one background thread renders due projects one at a time through a
 * {@link ThumbnailRenderer}.
 *
 * <p>Concurrency: {@link #changed} runs on the edit path, under the project's document lock, so
 * it only updates the queue and replaces at most one scheduled wake-up. It never waits for a render.
 * At most one wake-up is scheduled at a time, at the earliest due time, so constant editing does
 * not fill the executor with tasks. The render thread takes the document lock only inside
 * {@link DocumentService#load}, and never while it holds this object's lock.
 */
final class ProjectThumbnails implements DocumentListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectThumbnails.class);
    /** Minimum milliseconds between two warnings about a full queue; the count covers the ones between. */
    private static final long DROP_WARNING_INTERVAL_MILLIS = 60_000;
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final ThumbnailQueue queue;
    private final ThumbnailRenderer renderer;
    private final LongSupplier clockMillis;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong rendered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /** Guarded by this. */
    private ScheduledFuture<?> wakeUp;
    /** Guarded by this. */
    private long wakeUpAt;
    /** Guarded by this. */
    private long lastDropWarning = Long.MIN_VALUE;
    private volatile boolean closed;

    /** Uses {@link System#nanoTime()} as the clock. */
    ProjectThumbnails(ThumbnailQueue queue, ThumbnailRenderer renderer) {
        this(queue, renderer, () -> System.nanoTime() / 1_000_000);
    }

    /** @param clockMillis a monotonic clock in milliseconds */
    ProjectThumbnails(ThumbnailQueue queue, ThumbnailRenderer renderer, LongSupplier clockMillis) {
        this.queue = queue;
        this.renderer = renderer;
        this.clockMillis = clockMillis;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-project-thumbnails");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Queues the changed project's thumbnail without waiting for a render. */
    @Override
    public void changed(DocumentChange change) {
        if (closed) {
            return;
        }
        long now = clockMillis.getAsLong();
        Optional<String> dropped = queue.changed(change.projectId(), change.revision(), now);
        dropped.ifPresent(projectId -> warnDropped(projectId, now));
        scheduleWakeUp(now);
    }

    private synchronized void warnDropped(String projectId, long now) {
        if (lastDropWarning != Long.MIN_VALUE && now - lastDropWarning < DROP_WARNING_INTERVAL_MILLIS) {
            return;
        }
        lastDropWarning = now;
        LOG.warn("Thumbnail queue full ({} projects waiting): dropped project {}, which gets a thumbnail after its next edit; "
                + "{} projects dropped since start", queue.size(), projectId, queue.dropped());
    }

    /** Schedules a wake-up at the earliest due time, unless one is already scheduled at or before it. */
    private synchronized void scheduleWakeUp(long now) {
        OptionalLong next = queue.nextDue();
        if (closed || next.isEmpty()) {
            return;
        }
        if (wakeUp != null && wakeUpAt <= next.getAsLong()) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel(false);
        }
        wakeUpAt = next.getAsLong();
        try {
            wakeUp = executor.schedule(this::renderDue, Math.max(0, wakeUpAt - now), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Only after close(), which drops pending projects anyway.
            wakeUp = null;
        }
    }

    /** Renders every due project, then schedules the next wake-up. Runs on the executor's thread. */
    private void renderDue() {
        synchronized (this) {
            wakeUp = null;
        }
        Optional<ThumbnailQueue.Due> due;
        while (!closed && (due = queue.pollDue(clockMillis.getAsLong())).isPresent()) {
            ThumbnailRenderer.Outcome outcome = renderer.render(due.get().projectId());
            if (outcome == ThumbnailRenderer.Outcome.RENDERED) {
                rendered.incrementAndGet();
            } else if (outcome == ThumbnailRenderer.Outcome.FAILED) {
                failed.incrementAndGet();
            }
        }
        scheduleWakeUp(clockMillis.getAsLong());
    }

    /** Returns the number of thumbnails rendered and stored since start. */
    long rendered() {
        return rendered.get();
    }

    /** Returns the number of renders that failed since start. */
    long failed() {
        return failed.get();
    }

    /** Stops the render thread; pending projects are dropped and get a thumbnail after their next edit. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        int dropped = queue.clear();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("A thumbnail render was still running {} s after stop was requested", CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Project thumbnails stopped: {} pending renders dropped, {} rendered and {} failed since start",
                dropped, rendered.get(), failed.get());
    }
}
