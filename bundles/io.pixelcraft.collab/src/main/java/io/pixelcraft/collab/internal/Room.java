package io.pixelcraft.collab.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpOutcome;
import io.pixelcraft.api.document.OpViolation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one authoritative room of an open project on this node. It orders batches with sequence
 * numbers, applies them to the document, stores them in the op log with group commit, and only
 * then acknowledges them to the sender and broadcasts them to the other members.
 *
 * <p>Concurrency: every method that touches the document, the members or the sequence numbers
 * runs under the room's monitor. The op log write runs outside it on a scheduler thread, one write
 * at a time per room, so members keep sending while a write is in flight. The batches that arrive
 * meanwhile go into the next write. Sends only queue to an {@link Outbox} and never block.
 */
final class Room {

    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    private static final String[] COLOURS = {"#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4",
        "#f032e6", "#9a6324", "#469990", "#800000", "#808000", "#000075"};
    private static final long MAX_RETRY_DELAY_MILLIS = 5_000;

    /**
     * Work that must wait until the op log contains every batch up to {@code seq}. A delivery that
     * sends a stored batch to the members is a {@code fanOut}, whose latency is measured.
     */
    private record Delivery(long seq, Runnable action, boolean fanOut) {
    }

    /** A batch submitted through {@link #submitExternal}, completed once every batch up to {@code seq} is forwarded. */
    private record ForwardWaiter(long seq, CompletableFuture<BatchResult> future, BatchResult result) {
    }

    /** The result of a join: the room joined, or a close code when the room cannot take the member. */
    record JoinResult(Room room, int closeCode, String closeReason) {

        boolean joined() {
            return room != null;
        }
    }

    final String projectId;
    private final Document document;
    private final OpLog opLog;
    private final Supplier<CollabSettings> settings;
    private final ScheduledExecutorService scheduler;
    /** The link to the projects bundle's copy of the document, or {@code null} without it. */
    private ProjectBridge bridge;
    /** Sequence numbers of batches that came from the projects bundle and are not forwarded back. */
    private final java.util.Set<Long> external = new java.util.HashSet<>();
    private final ArrayDeque<ForwardWaiter> forwardWaiters = new ArrayDeque<>();
    /** The last sequence number whose batch the projects bundle has (or that needs no forwarding). */
    private long forwardedSeq;
    /** Set once the room has stored and forwarded everything after closing; guarded by the monitor. */
    private boolean terminated;
    /**
     * The room lease that allows this room to write the op log, or {@code null} on a node without
     * leases. Set before the room is published.
     */
    private volatile RoomLeases.Lease lease;
    /** Set when the room closed without storing its unstored batches. Guarded by the monitor. */
    private boolean abandoned;

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final ArrayDeque<LoggedBatch> unstored = new ArrayDeque<>();
    /** Stored batches kept for catch-up, oldest first. */
    private final ArrayDeque<LoggedBatch> recent = new ArrayDeque<>();
    private final ArrayDeque<Delivery> deliveries = new ArrayDeque<>();
    private long appliedSeq;
    private long storedSeq;
    private long snapshotSeq;
    /**
     * The sequence number of the latest replacement of the whole document found when the room
     * opened, or 0. It has no batch, so a client whose {@code lastSeq} is below it needs a snapshot.
     */
    private final long replacedSeq;
    private long snapshotAtNanos = System.nanoTime();
    private boolean flushScheduled;
    private boolean flushing;
    private int failedWrites;
    private boolean presenceScheduled;
    private boolean closed;
    private boolean replaced;
    private long emptySinceNanos = System.nanoTime();
    private long lastWriteMicros;
    private long writes;
    private volatile CollabMetrics metrics = CollabMetrics.NONE;

    Room(String projectId, Document document, long seq, long snapshotSeq, List<LoggedBatch> recentBatches,
            long replacedSeq, OpLog opLog, Supplier<CollabSettings> settings, ScheduledExecutorService scheduler) {
        this.projectId = projectId;
        this.replacedSeq = replacedSeq;
        this.document = document;
        this.appliedSeq = seq;
        this.storedSeq = seq;
        this.forwardedSeq = seq;
        this.snapshotSeq = snapshotSeq;
        this.opLog = opLog;
        this.settings = settings;
        this.scheduler = scheduler;
        recent.addAll(recentBatches);
        trimRecent();
    }

    // ---- membership ----

    /**
     * Adds a member and queues its welcome: the document as a snapshot, or the batches it missed
     * since {@code lastSeq} when they are still in memory. The welcome is queued under the room's
     * lock so that no broadcast can reach the member before it.
     */
    synchronized JoinResult join(Member member, Long lastSeq) {
        if (closed) {
            return new JoinResult(null, CloseCodes.RESTARTING, "Room is closing: reconnect");
        }
        if (members.size() >= settings.get().maxConnectionsPerRoom()) {
            return new JoinResult(null, CloseCodes.ROOM_FULL,
                    "Room full: at most " + settings.get().maxConnectionsPerRoom() + " connections per project");
        }
        member.colour = freeColour();
        ObjectNode welcome = JsonCodec.object();
        welcome.put("type", "welcome");
        welcome.put("protocol", Protocol.VERSION);
        welcome.put("session", member.sessionId);
        welcome.put("userId", member.principal.userId());
        welcome.put("role", member.role.jsonName());
        welcome.put("colour", member.colour);
        welcome.put("seq", appliedSeq);
        addCatchUpOrSnapshot(welcome, member, lastSeq);
        ArrayNode list = welcome.putArray("members");
        for (Member other : members.values()) {
            list.add(other.describe());
        }

        ObjectNode joined = JsonCodec.object();
        joined.put("type", "member-joined");
        joined.set("member", member.describe());
        broadcast(JsonCodec.write(joined), null);
        member.outbox.send(JsonCodec.write(welcome));
        members.put(member.sessionId, member);
        return new JoinResult(this, 0, null);
    }

    private void addCatchUpOrSnapshot(ObjectNode welcome, Member member, Long lastSeq) {
        String resync = lastSeq == null ? null : resyncReason(lastSeq);
        if (lastSeq == null || resync != null) {
            if (resync != null) {
                welcome.put("resync", resync);
            }
            welcome.put("mode", "snapshot");
            welcome.set("snapshot", clientSnapshot());
            member.deliverAfter = appliedSeq;
            return;
        }
        // Stored batches go out now; the unstored ones follow through the deliveries once written.
        welcome.put("mode", "catch-up");
        ArrayNode batches = welcome.putArray("batches");
        for (LoggedBatch batch : recent) {
            if (batch.seq() > lastSeq) {
                batches.add(batchMessage(batch));
            }
        }
        member.deliverAfter = lastSeq;
    }

    /**
     * Returns why a client that has applied every batch up to {@code lastSeq} needs a snapshot, as
     * the welcome's {@code resync} value, or {@code null} when the room has every batch after it.
     */
    private String resyncReason(long lastSeq) {
        if (lastSeq > appliedSeq) {
            return Protocol.RESYNC_AHEAD;
        }
        if (appliedSeq - lastSeq > settings.get().catchUpMaxBatches()) {
            return Protocol.RESYNC_TOO_FAR_BEHIND;
        }
        if (lastSeq < replacedSeq) {
            return Protocol.RESYNC_REPLACED;
        }
        LoggedBatch oldest = recent.peekFirst();
        long oldestAvailable = oldest != null ? oldest.seq() : storedSeq + 1;
        // Within the window, batches are missing only when the op log lost them.
        return lastSeq + 1 >= oldestAvailable ? null : Protocol.RESYNC_TOO_FAR_BEHIND;
    }

    /**
     * Returns the document for a welcome, without the op id window ({@code recentOpIds}, up to
     * 100,000 ids by default). Clients do not need it, because the room's engine skips replayed op ids.
     */
    private ObjectNode clientSnapshot() {
        ObjectNode snapshot = (ObjectNode) JsonCodec.tree(document.snapshot());
        snapshot.remove("recentOpIds");
        return snapshot;
    }

    synchronized void leave(Member member) {
        if (members.remove(member.sessionId) == null) {
            return;
        }
        ObjectNode left = JsonCodec.object();
        left.put("type", "member-left");
        left.put("session", member.sessionId);
        broadcast(JsonCodec.write(left), null);
        if (members.isEmpty()) {
            emptySinceNanos = System.nanoTime();
        }
    }

    private String freeColour() {
        for (String colour : COLOURS) {
            if (members.values().stream().noneMatch(m -> colour.equals(m.colour))) {
                return colour;
            }
        }
        return COLOURS[members.size() % COLOURS.length];
    }

    // ---- ops ----

    /**
     * Applies a batch from a member. A rejected batch gets its {@code rejected} message at once. An
     * accepted one is acknowledged after the op log has stored it. A batch whose ops were all
     * applied before (a resend after reconnect) is acknowledged as a duplicate once everything
     * before it is stored.
     */
    synchronized void submit(Member member, String batchId, List<Op> ops) {
        if (closed) {
            member.outbox.send(Protocol.rejected(batchId, "restarting",
                    "The room is closing; resend this batch after reconnecting", null, 0));
            return;
        }
        BatchResult result;
        try {
            result = document.apply(ops);
        } catch (RuntimeException e) {
            LOG.error("Engine failed on batch {} from user {} in project {}", batchId, member.principal.userId(),
                    projectId, e);
            member.outbox.send(Protocol.rejected(batchId, "internal", "The server failed to apply this batch", null, 0));
            return;
        }
        if (!result.applied()) {
            member.outbox.send(Protocol.rejected(batchId, "invalid", firstMessage(result.violations()),
                    result.violations(), 0));
            return;
        }
        if (!result.outcomes().isEmpty()
                && result.outcomes().stream().allMatch(o -> OpOutcome.DUPLICATE.equals(o.status()))) {
            String ack = Protocol.ack(batchId, null, true);
            deliveries.add(new Delivery(appliedSeq, () -> member.outbox.send(ack), false));
            runDeliveries(0);
            return;
        }

        long seq = ++appliedSeq;
        LoggedBatch batch = new LoggedBatch(seq, member.principal.userId(), batchId, ops);
        unstored.add(batch);
        String ack = Protocol.ack(batchId, seq, false);
        String broadcast = JsonCodec.write(batchMessage(batch));
        deliveries.add(new Delivery(seq, () -> {
            member.outbox.send(ack);
            for (Member other : memberList()) {
                if (other != member && other.deliverAfter < seq) {
                    other.outbox.send(broadcast);
                }
            }
        }, true));
        scheduleFlush(settings.get().flushIntervalMillis());
    }

    /** Sets where the room records stored ops and fan-out latency. */
    void metrics(CollabMetrics value) {
        metrics = value;
    }

    /** Connects the room to the projects bundle's copy of its document. */
    synchronized void bridge(ProjectBridge projectBridge) {
        this.bridge = projectBridge;
    }

    /**
     * Orders a batch that comes from outside the room, such as a REST request, like a member's
     * batch: it gets the next sequence number, is stored with group commit and goes to every
     * member. The returned future completes when the projects bundle has the batch too, so a REST
     * read right after it includes the change. A rejected batch completes at once with its violations,
     * and a batch of only replayed op ids completes once every earlier batch is forwarded.
     *
     * @return the future of the engine's result, or {@code null} when the room is closing
     */
    synchronized CompletableFuture<BatchResult> submitExternal(String authorId, List<Op> ops) {
        if (closed) {
            return null;
        }
        BatchResult result = document.apply(ops);
        if (!result.applied()) {
            return CompletableFuture.completedFuture(result);
        }
        CompletableFuture<BatchResult> future = new CompletableFuture<>();
        if (result.outcomes().stream().allMatch(o -> OpOutcome.DUPLICATE.equals(o.status()))) {
            awaitForwarded(appliedSeq, future, result);
            return future;
        }

        long seq = ++appliedSeq;
        LoggedBatch batch = new LoggedBatch(seq, authorId, "rev-" + result.revision(), ops);
        unstored.add(batch);
        String broadcast = JsonCodec.write(batchMessage(batch));
        deliveries.add(new Delivery(seq, () -> {
            for (Member member : memberList()) {
                if (member.deliverAfter < seq) {
                    member.outbox.send(broadcast);
                }
            }
        }, true));
        awaitForwarded(seq, future, result);
        scheduleFlush(settings.get().flushIntervalMillis());
        return future;
    }

    private void awaitForwarded(long seq, CompletableFuture<BatchResult> future, BatchResult result) {
        if (seq <= forwardedSeq) {
            future.complete(result);
        } else {
            forwardWaiters.add(new ForwardWaiter(seq, future, result));
        }
    }

    /** Records that the projects bundle has every batch up to {@code seq} and completes the futures of waiting submitters. */
    void forwarded(long seq) {
        List<ForwardWaiter> ready = new ArrayList<>();
        synchronized (this) {
            forwardedSeq = Math.max(forwardedSeq, seq);
            while (!forwardWaiters.isEmpty() && forwardWaiters.peekFirst().seq() <= forwardedSeq) {
                ready.add(forwardWaiters.pollFirst());
            }
        }
        for (ForwardWaiter waiter : ready) {
            waiter.future().complete(waiter.result());
        }
    }

    /**
     * Applies a change made outside the room (REST, version restore). A batch gets a sequence
     * number and goes to every member; a batch the room has already applied is skipped. A
     * replacement of the whole document closes the room, so that members rejoin and receive it.
     */
    void applyExternal(io.pixelcraft.api.project.DocumentChange change) {
        if (change.replacement()) {
            replace(change);
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            BatchResult result = document.apply(change.ops());
            if (!result.applied()) {
                LOG.warn("Change at revision {} of project {} by user {} does not apply to the open room: {}",
                        change.revision(), projectId, change.authorId(), result.violations());
                return;
            }
            if (result.outcomes().stream().allMatch(o -> OpOutcome.DUPLICATE.equals(o.status()))) {
                return;
            }
            long seq = ++appliedSeq;
            LoggedBatch batch = new LoggedBatch(seq, change.authorId(), "rev-" + change.revision(), change.ops());
            unstored.add(batch);
            external.add(seq);
            String broadcast = JsonCodec.write(batchMessage(batch));
            deliveries.add(new Delivery(seq, () -> {
                for (Member member : memberList()) {
                    if (member.deliverAfter < seq) {
                        member.outbox.send(broadcast);
                    }
                }
            }, true));
            scheduleFlush(settings.get().flushIntervalMillis());
        }
    }

    private void replace(io.pixelcraft.api.project.DocumentChange change) {
        synchronized (this) {
            closed = true;
        }
        flushNow(10_000);
        long seq;
        synchronized (this) {
            seq = appliedSeq + 1;
            appliedSeq = seq;
            storedSeq = seq;
            snapshotSeq = seq;
        }
        // The room reopens from this snapshot; sequence numbers continue, so clients resync.
        saveSnapshot(new OpLog.StoredSnapshot(seq, change.snapshot()));
        LOG.info("Project {} was replaced at revision {} by user {}; closing its room so members reload",
                projectId, change.revision(), change.authorId());
        for (Member member : membersCopy()) {
            member.outbox.close(CloseCodes.RESTARTING, "Document replaced: reconnect to load it");
        }
        closeBridge();
        synchronized (this) {
            replaced = true;
        }
        terminate();
    }

    /** Returns whether the room closed because its document was replaced, so the manager drops it. */
    synchronized boolean replaced() {
        return replaced;
    }

    private static String firstMessage(List<OpViolation> violations) {
        return violations.isEmpty() ? "The batch was rejected" : violations.get(0).message();
    }

    private static ObjectNode batchMessage(LoggedBatch batch) {
        ObjectNode message = JsonCodec.object();
        message.put("type", "ops");
        message.put("seq", batch.seq());
        message.put("author", batch.author());
        message.put("batch", batch.batch());
        message.set("ops", JsonCodec.tree(batch.ops()));
        return message;
    }

    /**
     * Runs the deliveries whose batches are stored.
     *
     * @param storedNanos {@link System#nanoTime()} when the op log write that stored them returned,
     *                    or 0 when no write just returned. Fan-out latency is measured from it.
     */
    private void runDeliveries(long storedNanos) {
        while (!deliveries.isEmpty() && deliveries.peekFirst().seq() <= storedSeq) {
            Delivery delivery = deliveries.pollFirst();
            try {
                delivery.action().run();
            } catch (RuntimeException e) {
                LOG.error("Failed to deliver seq {} of project {}", delivery.seq(), projectId, e);
            }
            if (delivery.fanOut() && storedNanos != 0) {
                metrics.fanOut(System.nanoTime() - storedNanos);
            }
        }
    }

    /**
     * Returns a copy of the members to send to. Sending can close a session on this thread,
     * and its close handler removes the member from the map through {@link #leave}.
     */
    private List<Member> memberList() {
        return new ArrayList<>(members.values());
    }

    // ---- group commit ----

    private void scheduleFlush(long delayMillis) {
        if (flushScheduled || flushing) {
            return;
        }
        flushScheduled = true;
        scheduler.schedule(this::flush, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Writes every unstored batch with one op log write, then acknowledges and broadcasts them. */
    void flush() {
        List<LoggedBatch> toWrite;
        synchronized (this) {
            flushScheduled = false;
            if (flushing || unstored.isEmpty()) {
                return;
            }
            if (!mayWrite()) {
                toWrite = null;
            } else {
                flushing = true;
                toWrite = new ArrayList<>(unstored);
            }
        }
        if (toWrite == null) {
            abandon(CloseCodes.UNAVAILABLE, "Room moved: this node lost the project's lease, reconnect");
            return;
        }

        long started = System.nanoTime();
        try {
            opLog.append(projectId, toWrite);
        } catch (OpLogConflictException e) {
            LOG.error("Another room wrote the op log of project {} (seq {} to {}), so this room closes", projectId,
                    toWrite.get(0).seq(), toWrite.get(toWrite.size() - 1).seq(), e);
            synchronized (this) {
                flushing = false;
            }
            abandon(CloseCodes.RESTARTING, "Room reloads after a conflicting write: reconnect and resend");
            return;
        } catch (RuntimeException e) {
            synchronized (this) {
                flushing = false;
                failedWrites++;
                long delay = Math.min(MAX_RETRY_DELAY_MILLIS, 100L << Math.min(failedWrites, 6));
                LOG.error("Failed to store {} batches (seq {} to {}) of project {}, attempt {}; retrying in {} ms",
                        toWrite.size(), toWrite.get(0).seq(), toWrite.get(toWrite.size() - 1).seq(), projectId,
                        failedWrites, delay, e);
                scheduleFlush(delay);
                notifyAll();
            }
            return;
        }

        long storedNanos = System.nanoTime();
        metrics.opsStored(toWrite.stream().mapToInt(batch -> batch.ops().size()).sum());
        OpLog.StoredSnapshot snapshot;
        synchronized (this) {
            flushing = false;
            if (failedWrites > 0) {
                LOG.info("Storing batches of project {} works again after {} failed attempts", projectId, failedWrites);
                failedWrites = 0;
            }
            lastWriteMicros = (System.nanoTime() - started) / 1000;
            writes++;
            for (int i = 0; i < toWrite.size(); i++) {
                recent.addLast(unstored.pollFirst());
            }
            trimRecent();
            storedSeq = toWrite.get(toWrite.size() - 1).seq();
            runDeliveries(storedNanos);
            // Queued under the monitor, so that a later flush cannot queue its batches first.
            forward(toWrite);
            snapshot = takeSnapshotIfDue();
            if (!unstored.isEmpty()) {
                scheduleFlush(settings.get().flushIntervalMillis());
            }
            notifyAll();
        }
        saveSnapshot(snapshot);
    }

    /**
     * Queues stored batches for the bridge in sequence order. Batches that came from the projects
     * bundle go along unapplied, so that the bridge reports every sequence number in order. The
     * bridge only queues here and never calls back into the room while holding its own monitor.
     */
    private void forward(List<LoggedBatch> stored) {
        assert Thread.holdsLock(this);
        if (bridge == null) {
            forwarded(stored.get(stored.size() - 1).seq());
            return;
        }
        List<ProjectBridge.Pending> pending = new ArrayList<>(stored.size());
        for (LoggedBatch batch : stored) {
            pending.add(new ProjectBridge.Pending(batch, !external.remove(batch.seq())));
        }
        bridge.forward(pending);
    }

    private OpLog.StoredSnapshot takeSnapshotIfDue() {
        if (!unstored.isEmpty() || appliedSeq == snapshotSeq) {
            return null;
        }
        long elapsedSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - snapshotAtNanos);
        CollabSettings current = settings.get();
        if (appliedSeq - snapshotSeq < current.snapshotEveryOps() && elapsedSeconds < current.snapshotEverySeconds()) {
            return null;
        }
        snapshotSeq = appliedSeq;
        snapshotAtNanos = System.nanoTime();
        return new OpLog.StoredSnapshot(appliedSeq, document.snapshot());
    }

    private void saveSnapshot(OpLog.StoredSnapshot snapshot) {
        if (snapshot == null) {
            return;
        }
        RoomLeases.Lease current = lease;
        if (current != null && !current.valid()) {
            LOG.warn("Skipped the snapshot at seq {} of project {}: this node no longer holds the room lease",
                    snapshot.seq(), projectId);
            return;
        }
        try {
            opLog.saveSnapshot(projectId, snapshot, current == null ? 0 : current.generation);
        } catch (OpLogConflictException e) {
            // The room keeps running: a lost lease also stops its op log writes, and those decide.
            LOG.error("Failed to store the snapshot at seq {} of project {}: a room with a newer lease stored one",
                    snapshot.seq(), projectId, e);
        } catch (RuntimeException e) {
            // The op log still contains every batch, so the room loads correctly, only more slowly.
            LOG.error("Failed to store the snapshot at seq {} of project {}", snapshot.seq(), projectId, e);
            synchronized (this) {
                snapshotSeq = Math.min(snapshotSeq, storedSeq - 1);
            }
        }
    }

    private void trimRecent() {
        while (recent.size() > settings.get().catchUpMaxBatches()) {
            recent.pollFirst();
        }
    }

    /**
     * Stores everything applied so far and a snapshot, waiting at most {@code timeoutMillis}.
     *
     * @return whether every applied batch is stored
     */
    boolean flushNow(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            flush();
            synchronized (this) {
                if (abandoned) {
                    return false;
                }
                if (storedSeq == appliedSeq && !flushing) {
                    break;
                }
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    LOG.error("Project {}: {} batches (seq {} to {}) were not stored before shutdown", projectId,
                            appliedSeq - storedSeq, storedSeq + 1, appliedSeq);
                    return false;
                }
                try {
                    wait(Math.min(remaining, 50));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        OpLog.StoredSnapshot snapshot;
        synchronized (this) {
            snapshot = appliedSeq > snapshotSeq ? new OpLog.StoredSnapshot(appliedSeq, document.snapshot()) : null;
            if (snapshot != null) {
                snapshotSeq = appliedSeq;
            }
        }
        saveSnapshot(snapshot);
        return true;
    }

    /**
     * Closes the room for a restart: no new ops are accepted, acknowledged ops are stored, and
     * every member is closed with {@link CloseCodes#RESTARTING} after its queued messages.
     */
    void shutdown(long timeoutMillis) {
        synchronized (this) {
            closed = true;
        }
        flushNow(timeoutMillis);
        closeBridge();
        List<Member> toClose;
        synchronized (this) {
            toClose = new ArrayList<>(members.values());
        }
        for (Member member : toClose) {
            member.outbox.close(CloseCodes.RESTARTING, "Server restarting: reconnect and resend unacknowledged batches");
        }
        terminate();
    }

    /**
     * Closes the room when it has had no members for {@code idleNanos}; returns whether it did.
     * When storing fails, the room stays closing and the next call tries again.
     */
    boolean closeIfIdle(long idleNanos) {
        synchronized (this) {
            if (!members.isEmpty() || System.nanoTime() - emptySinceNanos < idleNanos) {
                return false;
            }
            closed = true;
        }
        if (!flushNow(10_000)) {
            return false;
        }
        closeBridge();
        terminate();
        return true;
    }

    /** Sets the room lease that this room's writes depend on. Call it before the room is published. */
    void lease(RoomLeases.Lease roomLease) {
        this.lease = roomLease;
    }

    RoomLeases.Lease lease() {
        return lease;
    }

    /** Returns whether the lease, if any, still allows writing. Called under the monitor before each op log write. */
    private boolean mayWrite() {
        RoomLeases.Lease current = lease;
        return current == null || current.valid();
    }

    /**
     * Closes the room without storing its unstored batches, because this node may no longer write
     * the project's op log: its lease ended, or another room wrote the log. Members are closed with
     * {@code closeCode} and have their unacknowledged batches resent wherever they reconnect. REST
     * submitters waiting for an unstored batch get {@code null}, which {@link RoomManager} turns
     * into a new routing decision.
     */
    void abandon(int closeCode, String reason) {
        List<Member> toClose;
        List<ForwardWaiter> unstoredWaiters = new ArrayList<>();
        long lost;
        synchronized (this) {
            if (abandoned || terminated) {
                return;
            }
            abandoned = true;
            closed = true;
            lost = appliedSeq - storedSeq;
            toClose = new ArrayList<>(members.values());
            forwardWaiters.removeIf(waiter -> waiter.seq() > storedSeq && unstoredWaiters.add(waiter));
            notifyAll();
        }
        LOG.warn("Closing the room of project {} with {} and {} unstored batches dropped: {}", projectId, closeCode,
                lost, reason);
        for (ForwardWaiter waiter : unstoredWaiters) {
            waiter.future().complete(null);
        }
        for (Member member : toClose) {
            member.outbox.close(closeCode, reason);
        }
        // Forwarding may wait for the database for seconds, and the lease watchdog must not wait.
        try {
            scheduler.execute(() -> {
                closeBridge();
                terminate();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closeBridge();
            terminate();
        }
    }

    /** Returns whether the room closed without storing everything, so the manager drops it. */
    synchronized boolean abandoned() {
        return abandoned;
    }

    /** Marks the room as finished, after its last batch is stored and forwarded. */
    private synchronized void terminate() {
        terminated = true;
        notifyAll();
    }

    /**
     * Waits until a closing room has stored and forwarded its batches, at most {@code timeoutMillis}.
     *
     * @return whether the room finished closing in time
     */
    synchronized boolean awaitTerminated(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!terminated) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                return false;
            }
            try {
                wait(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void closeBridge() {
        ProjectBridge current;
        synchronized (this) {
            current = bridge;
        }
        if (current != null) {
            current.awaitForwarded(5_000);
            current.close();
        }
    }

    // ---- presence ----

    /** Records a member's presence fields and schedules one coalesced broadcast. */
    synchronized void presence(Member member, ObjectNode fields) {
        member.presence.setAll(fields);
        member.presenceChanged = true;
        if (!presenceScheduled) {
            presenceScheduled = true;
            scheduler.schedule(this::broadcastPresence, settings.get().presenceIntervalMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void broadcastPresence() {
        presenceScheduled = false;
        ObjectNode message = JsonCodec.object();
        message.put("type", "presence");
        ArrayNode updates = message.putArray("updates");
        for (Member member : members.values()) {
            if (member.presenceChanged) {
                member.presenceChanged = false;
                ObjectNode update = member.presence.deepCopy();
                update.put("session", member.sessionId);
                updates.add(update);
            }
        }
        if (updates.isEmpty()) {
            return;
        }
        String text = JsonCodec.write(message);
        for (Member member : memberList()) {
            member.outbox.sendPresence(text);
        }
    }

    private void broadcast(String text, Member except) {
        for (Member member : memberList()) {
            if (member != except) {
                member.outbox.send(text);
            }
        }
    }

    // ---- status ----

    synchronized RoomInfo info() {
        int maxDepth = 0;
        long dropped = 0;
        List<RoomInfo.MemberInfo> list = new ArrayList<>();
        for (Member member : members.values()) {
            int depth = member.outbox.depth();
            maxDepth = Math.max(maxDepth, depth);
            dropped += member.outbox.droppedPresence();
            list.add(new RoomInfo.MemberInfo(member.sessionId, member.principal.userId(), member.role.jsonName(),
                    depth, member.outbox.droppedPresence()));
        }
        return new RoomInfo(projectId, list, appliedSeq, storedSeq, snapshotSeq, writes, lastWriteMicros, maxDepth,
                dropped, lease == null ? 0 : lease.generation);
    }

    synchronized int memberCount() {
        return members.size();
    }

    synchronized Collection<Member> membersCopy() {
        return new ArrayList<>(members.values());
    }

    synchronized long appliedSeq() {
        return appliedSeq;
    }

    /** Returns the document's snapshot; for tests and the console. */
    synchronized io.pixelcraft.api.document.DocumentSnapshot snapshot() {
        return document.snapshot();
    }
}
