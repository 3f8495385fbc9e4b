package io.pixelcraft.collab.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.pixelcraft.api.account.CredentialValidator;
import io.pixelcraft.api.collab.CollabStatus;
import io.pixelcraft.api.collab.LiveRooms;
import io.pixelcraft.api.collab.RemoteRoom;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.project.ProjectDocuments;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.storage.StorageUnavailableException;
import io.pixelcraft.api.web.Authorizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens, finds and closes the rooms of this node: one per project with connections. A room
 * loads from the latest snapshot plus the op log, and closes (after storing everything and a
 * snapshot) once it has had no members for {@link #IDLE_ROOM_NANOS}.
 *
 * <p>With the projects bundle, a room opens while holding the project's lock of
 * {@link ProjectDocuments#locked}, and starts from the project's stored document. The REST API
 * checks {@link #isOpen} under the same lock and then either applies its batch directly or
 * submits it to the room, so every change of an open project follows the room's sequence.
 *
 * <p>Among nodes that share one database, a room opens only on the node that holds the project's
 * room lease ({@link RoomLeases}). A join on another node is closed with
 * {@link CloseCodes#MISDIRECTED} naming the holder, and {@link #remoteRoom} returns the holder so
 * that the REST API does not apply edits there.
 */
@Component(service = {RoomManager.class, CollabStatus.class, LiveRooms.class}, configurationPid = "io.pixelcraft.collab")
@Designate(ocd = CollabConfig.class)
public final class RoomManager implements CollabStatus, LiveRooms {

    private static final Logger LOG = LoggerFactory.getLogger(RoomManager.class);
    private static final long IDLE_ROOM_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long SHUTDOWN_FLUSH_MILLIS = 10_000;
    /**
     * Maximum time that a submitted batch or a join waits for a room: to store and forward the
     * batch, or to finish closing. Closing takes up to 10 s to store and 5 s to forward.
     */
    private static final long ROOM_WAIT_MILLIS = 15_000;
    /** Canvas size of a project that has no stored document yet. */
    private static final double NEW_CANVAS_WIDTH = 1920;
    private static final double NEW_CANVAS_HEIGHT = 1080;

    private final DocumentEngine engine;
    private final OpLog opLog;
    private final Authorizer authorizer;
    private final ScheduledExecutorService scheduler;
    /** The room leases of this node, or {@code null} when rooms open without them (tests of one node). */
    private final RoomLeases leases;
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<Connection, Boolean> connections = new ConcurrentHashMap<>();
    private final AtomicInteger sessionCounter = new AtomicInteger();
    private volatile CollabSettings settings;
    /**
     * Source of the first document of a room without a collaboration snapshot: the projects
     * bundle's stored document when it is installed; {@code null} means an empty canvas.
     */
    private volatile Function<String, DocumentSnapshot> initialDocument = projectId -> null;
    private volatile ProjectDocuments projectDocuments;
    /**
     * The image store that decides which images a member may put into a document, or {@code null}
     * while none is registered; batches that name an image are then rejected.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ImageStore imageStore;
    private volatile boolean shutDown;
    /**
     * Lifecycle state of the WebSocket servlet. The servlet reports it from {@code init} and
     * {@code destroy}, which the whiteboard calls again on every re-registration (an HTTP port
     * change, a restart of the whiteboard) while this component stays active.
     */
    private volatile EndpointState endpointState = EndpointState.NOT_INITIALISED;
    private final Revalidation revalidation = new Revalidation(TimeUnit.SECONDS.toMillis(10));
    private final CollabMetrics metrics = new CollabMetrics();

    @Activate
    public RoomManager(@Reference DocumentEngine engine, @Reference StorageService storage,
            @Reference Authorizer authorizer,
            // Greedy, so that a projects bundle starting after this component is still bound: DS
            // then restarts the component, which closes open sockets with the restarting code.
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
            ProjectDocuments projectDocuments,
            CollabConfig config) {
        this(engine, new MongoOpLog(storage), authorizer, CollabSettings.from(config),
                new RoomLeases(storage, RoomLeases.Settings.from(config)));
        revalidateEvery(reauthorizeSeconds(config), TimeUnit.SECONDS);
        if (projectDocuments != null) {
            useProjectDocuments(projectDocuments);
        }
        LOG.info("Collaboration started: max {} connections per room, group commit every {} ms, permessage-deflate {}",
                settings.maxConnectionsPerRoom(), settings.flushIntervalMillis(),
                settings.permessageDeflate() ? "on" : "off");
    }

    RoomManager(DocumentEngine engine, OpLog opLog, Authorizer authorizer, CollabSettings settings) {
        this(engine, opLog, authorizer, settings, null);
    }

    RoomManager(DocumentEngine engine, OpLog opLog, Authorizer authorizer, CollabSettings settings,
            RoomLeases leases) {
        this.engine = engine;
        this.leases = leases;
        this.opLog = opLog;
        this.authorizer = authorizer;
        this.settings = settings;
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors() / 2);
        AtomicInteger threadCounter = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-collab-" + threadCounter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.scheduler = executor;
        scheduler.scheduleWithFixedDelay(() -> closeIdleRooms(IDLE_ROOM_NANOS), 10, 10, TimeUnit.SECONDS);
        if (leases != null) {
            leases.start(this::leaseLost);
        }
    }

    /** Sets how often each connection's credential and project role are checked again. */
    void revalidateEvery(long interval, TimeUnit unit) {
        revalidation.setInterval(unit.toMillis(interval));
    }

    /** Checks the open connections of a user now, because credentials of that user were revoked. */
    void revalidateUser(String userId) {
        revalidation.checkUserNow(userId);
    }

    private static int reauthorizeSeconds(CollabConfig config) {
        if (config.reauthorizeSeconds() <= 0) {
            throw new IllegalArgumentException("Invalid collaboration setting reauthorizeSeconds="
                    + config.reauthorizeSeconds() + ": it must be a positive integer");
        }
        return config.reauthorizeSeconds();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindCredentialValidator(CredentialValidator validator) {
        revalidation.bindValidator(validator);
    }

    void unbindCredentialValidator(CredentialValidator validator) {
        revalidation.unbindValidator(validator);
    }

    /** Absent until the metrics bundle registers one; the collaboration meters are then not recorded. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMeterRegistry(MeterRegistry registry) {
        metrics.bind(registry);
    }

    void unbindMeterRegistry(MeterRegistry registry) {
        metrics.unbind(registry);
    }

    /** Takes new limits; message size, idle timeout and deflate apply to connections opened after a servlet restart. */
    @Modified
    void modified(CollabConfig config) {
        if (leases != null && leaseSettingsChanged(config)) {
            LOG.warn("Changed lease settings (nodeId, advertisedUrl, leaseSeconds, leaseRenewSeconds) apply only after "
                    + "the collaboration bundle restarts; node {} keeps its current ones", leases.settings().nodeId());
        }
        CollabSettings changed = CollabSettings.from(config);
        revalidateEvery(reauthorizeSeconds(config), TimeUnit.SECONDS);
        settings = changed;
        LOG.info("Collaboration settings changed: max {} connections per room, group commit every {} ms, "
                + "connections checked again every {} s", settings.maxConnectionsPerRoom(),
                settings.flushIntervalMillis(), config.reauthorizeSeconds());
    }

    private boolean leaseSettingsChanged(CollabConfig config) {
        RoomLeases.Settings current = leases.settings();
        boolean nodeChanged = config.nodeId() != null && !config.nodeId().isBlank()
                && !config.nodeId().trim().equals(current.nodeId());
        return nodeChanged || !config.advertisedUrl().trim().equals(current.advertisedUrl())
                || config.leaseSeconds() != current.leaseTime().toSeconds()
                || config.leaseRenewSeconds() != current.renewInterval().toSeconds();
    }

    /**
     * Stores every applied batch, closes every socket with the restarting code, releases the room
     * leases so that other nodes can open the rooms at once, and stops the threads.
     */
    @Deactivate
    public void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        // NOTE: DS unregisters LiveRooms before this method runs, so REST batches that arrive while
        // the rooms below store and forward their last batches are applied directly, ahead of them.
        ClosedCount closed = closeRoomsForRestart();
        if (leases != null) {
            leases.close();
        }
        rooms.clear();
        scheduler.shutdown();
        revalidation.shutdown();
        LOG.info("Collaboration stopped: closed {} rooms and {} connections", closed.rooms(), closed.connections());
    }

    /** Rooms and connections closed by {@link #closeRoomsForRestart}. */
    private record ClosedCount(int rooms, int connections) {
    }

    /**
     * Closes every room after storing its applied batches, closes every connection with the
     * restarting code, and releases the rooms' leases. The threads keep running, so rooms can
     * open again afterwards.
     */
    private ClosedCount closeRoomsForRestart() {
        int connectionCount = connections.size();
        List<Room> open = new ArrayList<>(rooms.values());
        for (Room room : open) {
            room.shutdown(SHUTDOWN_FLUSH_MILLIS);
        }
        for (Connection connection : connections.keySet()) {
            connection.closeForRestart();
        }
        for (Room room : open) {
            dropRoom(room);
        }
        return new ClosedCount(open.size(), connectionCount);
    }

    /** Lifecycle state of the WebSocket servlet. */
    enum EndpointState {
        /**
         * The servlet has not been initialised yet. Joins are accepted, because the whiteboard of
         * Felix HTTP Jetty 12 1.1.8 initialises a servlet on its first request, before the upgrade.
         */
        NOT_INITIALISED,
        INITIALISED,
        /** The servlet was destroyed. Joins are rejected with the restarting code until it is initialised again. */
        DESTROYED
    }

    /** Records that the servlet was initialised, so that joins are accepted again after a destroy. */
    void endpointInitialised() {
        if (endpointState == EndpointState.DESTROYED) {
            LOG.info("Collaboration endpoint initialised again: accepting joins");
        }
        endpointState = EndpointState.INITIALISED;
    }

    /**
     * Records that the servlet was destroyed while this component stays active, and closes every
     * room and connection for a restart as {@link #shutdown} does. When the whiteboard registers
     * the servlet again, it initialises it, and {@link #endpointInitialised} lets joins in.
     */
    void endpointDestroyed() {
        endpointState = EndpointState.DESTROYED;
        if (shutDown) {
            return;
        }
        ClosedCount closed = closeRoomsForRestart();
        LOG.info("Collaboration endpoint destroyed: closed {} rooms and {} connections; joins resume when the "
                + "servlet is initialised again", closed.rooms(), closed.connections());
    }

    EndpointState endpointState() {
        return endpointState;
    }

    /** Returns whether joins are rejected because this component stopped or its servlet was destroyed. */
    private boolean rejectingJoins() {
        return shutDown || endpointState == EndpointState.DESTROYED;
    }

    // ---- connections and rooms ----

    String nextSessionId() {
        return "s" + sessionCounter.incrementAndGet();
    }

    Connection newConnection(io.pixelcraft.api.web.Principal principal, String projectId) {
        return new Connection(this, authorizer, principal, projectId, nextSessionId(), settings);
    }

    void connected(Connection connection) {
        connections.put(connection, Boolean.TRUE);
        revalidation.register(connection);
        if (rejectingJoins()) {
            connection.closeForRestart();
        }
    }

    void disconnected(Connection connection) {
        connections.remove(connection);
        revalidation.unregister(connection);
    }

    /** Joins a member to its project's room, loading the room first when it is not open. */
    Room.JoinResult join(String projectId, Member member, Long lastSeq) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (rejectingJoins()) {
                return new Room.JoinResult(null, CloseCodes.RESTARTING, "Server restarting: reconnect");
            }
            Room room;
            try {
                room = openRoom(projectId);
            } catch (ProjectNotFoundException e) {
                return new Room.JoinResult(null, CloseCodes.PROJECT_NOT_FOUND, "Project not found");
            } catch (RoomLeases.HeldElsewhereException e) {
                LOG.debug("Sent a join to project {} to node {}, which holds the room lease", projectId,
                        e.holder().nodeId());
                return new Room.JoinResult(null, CloseCodes.MISDIRECTED, misdirectedReason(e.holder()));
            } catch (RuntimeException e) {
                LOG.error("Failed to open the room of project {}", projectId, e);
                return new Room.JoinResult(null, CloseCodes.UNAVAILABLE, "Room could not be loaded: retry later");
            }
            Room.JoinResult result = room.join(member, lastSeq);
            if (result.closeCode() != CloseCodes.RESTARTING || rejectingJoins()) {
                return result;
            }
            // The room is closing. A fresh room may open only after the old one stored and
            // forwarded its last batches, or both would write the same sequence numbers.
            if (!room.awaitTerminated(ROOM_WAIT_MILLIS)) {
                return new Room.JoinResult(null, CloseCodes.UNAVAILABLE, "Room is busy closing: retry later");
            }
            dropRoom(room);
        }
        return new Room.JoinResult(null, CloseCodes.UNAVAILABLE, "Room is busy closing: retry later");
    }

    /**
     * Returns the project's room, opening it when none is open. With the projects bundle the room
     * opens under the project's lock, so that no REST change lands between loading the project's
     * document and registering the room where the REST route looks for it.
     *
     * <p>NOTE: the lock is one of 256 stripes in the projects bundle, so changes of other projects
     * on the same stripe wait while a room loads.
     */
    private Room openRoom(String projectId) {
        Room room = rooms.get(projectId);
        if (room != null) {
            return room;
        }
        ProjectDocuments documents = projectDocuments;
        if (documents == null) {
            return rooms.computeIfAbsent(projectId, this::loadLeased);
        }
        return documents.locked(projectId, () -> {
            Room existing = rooms.get(projectId);
            if (existing != null) {
                return existing;
            }
            Room opened = loadLeased(projectId);
            rooms.put(projectId, opened);
            return opened;
        });
    }

    /**
     * Acquires the project's room lease, when this node runs leases, and loads the room.
     *
     * @throws RoomLeases.HeldElsewhereException when another node holds the lease
     */
    private Room loadLeased(String projectId) {
        if (leases == null) {
            return load(projectId, null);
        }
        RoomLeases.Lease lease = leases.acquire(projectId);
        try {
            return load(projectId, lease);
        } catch (RuntimeException e) {
            leases.release(lease);
            throw e;
        }
    }

    /** Removes a closed room and releases its lease, unless a newer room of the project replaced it already. */
    private void dropRoom(Room room) {
        if (rooms.remove(room.projectId, room) && leases != null) {
            leases.release(room.lease());
        }
    }

    /**
     * Closes the room of a lease that ended without a release: its renewal failed for too long or
     * another node took it over. Runs on the lease watchdog, before the stored expiry passes.
     */
    private void leaseLost(RoomLeases.Lease lease) {
        Room room = rooms.get(lease.projectId);
        if (room == null || room.lease() != lease) {
            return;
        }
        room.abandon(CloseCodes.UNAVAILABLE, "Room lease lost: reconnect, possibly to another node");
        rooms.remove(lease.projectId, room);
    }

    /**
     * Returns the close reason for a join on the wrong node: {@link CloseCodes#MISDIRECTED_REASON},
     * then the holder's advertised URL when it has one. The URL is at most
     * {@value RoomLeases#MAX_URL_LENGTH} characters, so the reason fits into the 123 bytes of a close frame.
     */
    static String misdirectedReason(RemoteRoom holder) {
        return holder.advertisedUrl().isEmpty()
                ? CloseCodes.MISDIRECTED_REASON
                : CloseCodes.MISDIRECTED_REASON + ": " + holder.advertisedUrl();
    }

    @Override
    public boolean isOpen(String projectId) {
        return rooms.containsKey(projectId);
    }

    @Override
    public Optional<RemoteRoom> remoteRoom(String projectId) {
        if (leases == null || rooms.containsKey(projectId)) {
            return Optional.empty();
        }
        return leases.remoteHolder(projectId);
    }

    @Override
    public Optional<BatchResult> submit(String projectId, String authorId, List<Op> ops) {
        Room room = rooms.get(projectId);
        if (room == null) {
            return Optional.empty();
        }
        CompletableFuture<BatchResult> future = room.submitExternal(authorId, ops);
        if (future == null) {
            if (!room.awaitTerminated(ROOM_WAIT_MILLIS)) {
                throw new StorageUnavailableException("The collaboration room of project " + projectId
                        + " did not finish closing within " + ROOM_WAIT_MILLIS + " ms: retry later");
            }
            dropRoom(room);
            return Optional.empty();
        }
        BatchResult result;
        try {
            result = future.get(ROOM_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StorageUnavailableException("The collaboration room of project " + projectId
                    + " did not store the batch within " + ROOM_WAIT_MILLIS + " ms. It may still apply it: "
                    + "resend the batch with the same op ids");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("Interrupted while waiting for the room of project " + projectId);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The room of project " + projectId + " failed on a submitted batch", e.getCause());
        }
        if (result == null) {
            // The room closed without storing the batch (see Room#abandon), so the caller routes it again.
            room.awaitTerminated(ROOM_WAIT_MILLIS);
            dropRoom(room);
            return Optional.empty();
        }
        return Optional.of(result);
    }

    Room roomOf(String projectId) {
        return rooms.get(projectId);
    }

    private Room load(String projectId, RoomLeases.Lease lease) {
        long started = System.nanoTime();
        OpLog.Stored stored = opLog.load(projectId);
        Document document = stored.snapshot()
                .map(snapshot -> engine.open(snapshot.document()))
                .orElseGet(() -> firstDocument(projectId));
        long seq = stored.snapshot().map(OpLog.StoredSnapshot::seq).orElse(0L);
        long snapshotSeq = seq;
        for (LoggedBatch batch : stored.batches()) {
            BatchResult result = document.apply(batch.ops());
            if (!result.applied()) {
                // Replay of a stored batch must succeed; if not, the engine changed its rules.
                LOG.error("Stored batch seq {} of project {} no longer applies: {}", batch.seq(), projectId,
                        result.violations());
            }
            seq = batch.seq();
        }

        ProjectDocuments documents = projectDocuments;
        long snapshotAt = stored.snapshot().map(OpLog.StoredSnapshot::seq).orElse(0L);
        RecentBatches recent = recentBatches(projectId, snapshotAt, seq, stored.batches());
        if (documents != null) {
            // Forwarding is asynchronous, so batches just before the snapshot may be missing there too.
            Document current = syncWithProject(projectId, documents, recent.batches());
            if (!current.snapshot().nodes().equals(document.snapshot().nodes())) {
                // The project changed while no room was open (REST edits, a restore). Its document
                // wins, and a new sequence number makes every reconnecting client load it.
                seq++;
                snapshotSeq = seq;
                recent = new RecentBatches(List.of(), seq);
                opLog.saveSnapshot(projectId, new OpLog.StoredSnapshot(seq, current.snapshot()),
                        lease == null ? 0 : lease.generation);
                LOG.info("Project {} changed outside its room; the room starts from the stored document at seq {}",
                        projectId, seq);
            }
            // The room always continues from the project's document, even when the nodes agree, so
            // that both copies have the same revision and op id window and give the same results.
            document = current;
        }
        LOG.info("Opened the room of project {} at seq {} ({} batches after the snapshot) in {} ms", projectId, seq,
                stored.batches().size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        Room room = new Room(projectId, document, seq, snapshotSeq, recent.batches(), recent.replacedSeq(), opLog,
                () -> settings, scheduler);
        room.lease(lease);
        room.metrics(metrics);
        if (documents != null) {
            ProjectBridge bridge = new ProjectBridge(projectId, documents, scheduler);
            room.bridge(bridge);
            bridge.subscribe(room);
        }
        return room;
    }

    /**
     * The stored batches that a reopened room serves for catch-up, and the sequence number of the
     * latest replacement before them, or 0 when none is known.
     */
    private record RecentBatches(List<LoggedBatch> batches, long replacedSeq) {
    }

    /**
     * Reads the batches of the catch-up window before the snapshot from the op log, so that a
     * reopened room can serve catch-up to clients that were connected before it closed. Only the
     * batches after the latest missing sequence number count. A replacement of the whole document
     * (a version restore, or changes made while no room was open) takes a sequence number without
     * a batch, so the batches before it do not lead to the current document.
     *
     * <p>The op log is read by {@code _id} ranges, about one round trip per 256 batches, because
     * the embedded store would scan the whole log for a query on the project field.
     */
    private RecentBatches recentBatches(String projectId, long snapshotAt, long seq, List<LoggedBatch> afterSnapshot) {
        long from = Math.max(1, snapshotAt - settings.catchUpMaxBatches() + 1);
        List<LoggedBatch> read = new ArrayList<>(opLog.range(projectId, from, snapshotAt));
        read.addAll(afterSnapshot);
        int start = read.size();
        long expected = seq;
        while (start > 0 && read.get(start - 1).seq() == expected) {
            start--;
            expected--;
        }
        // expected is now the newest sequence number without a batch; below from, nothing was read.
        long replacedSeq = expected >= from ? expected : 0;
        return new RecentBatches(List.copyOf(read.subList(start, read.size())), replacedSeq);
    }

    /**
     * Applies the room's latest stored batches to the projects bundle's document (op ids make
     * this a no-op for batches that were forwarded before) and returns that document. This
     * recovers batches whose forwarding a crash interrupted.
     *
     * <p>NOTE: only the batches of the last catch-up window before the snapshot are resent, so a
     * forwarding failure older than that is not repaired. Batches before the latest replacement are
     * not resent either, because the replacement superseded them.
     */
    private Document syncWithProject(String projectId, ProjectDocuments documents, List<LoggedBatch> batches) {
        for (LoggedBatch batch : batches) {
            BatchResult result = documents.apply(projectId, batch.ops(), batch.author());
            if (!result.applied()) {
                LOG.warn("Project {} rejected stored collaboration batch seq {} on reopening: {}", projectId,
                        batch.seq(), result.violations());
            }
        }
        return engine.open(documents.load(projectId));
    }

    private Document firstDocument(String projectId) {
        DocumentSnapshot stored = initialDocument.apply(projectId);
        return stored != null ? engine.open(stored) : engine.create(NEW_CANVAS_WIDTH, NEW_CANVAS_HEIGHT);
    }

    /** Sets where rooms without a collaboration snapshot load their first document; for tests. */
    void setInitialDocument(Function<String, DocumentSnapshot> source) {
        initialDocument = source;
    }

    /** Links rooms opened from now on to the projects bundle's documents, in both directions. */
    void useProjectDocuments(ProjectDocuments documents) {
        projectDocuments = documents;
        initialDocument = documents::load;
    }

    /** Closes rooms without members for {@code idleNanos} and drops rooms that closed themselves. */
    void closeIdleRooms(long idleNanos) {
        for (Room room : rooms.values()) {
            try {
                if (room.replaced() || room.abandoned()) {
                    dropRoom(room);
                } else if (room.closeIfIdle(idleNanos)) {
                    dropRoom(room);
                    LOG.info("Closed the idle room of project {} at seq {}", room.projectId, room.appliedSeq());
                }
            } catch (RuntimeException e) {
                LOG.error("Failed to close the idle room of project {}", room.projectId, e);
            }
        }
    }

    // ---- status ----

    @Override
    public int roomCount() {
        return rooms.size();
    }

    @Override
    public int connectionCount() {
        return connections.size();
    }

    /** Returns every open room's state, sorted by project id. */
    public List<RoomInfo> rooms() {
        List<RoomInfo> result = new ArrayList<>();
        for (Room room : rooms.values()) {
            result.add(room.info());
        }
        result.sort(Comparator.comparing(RoomInfo::projectId));
        return result;
    }

    /** Returns this node's id in the room leases, or an empty string when it runs no leases. */
    public String nodeId() {
        return leases == null ? "" : leases.settings().nodeId();
    }

    CollabSettings settings() {
        return settings;
    }

    ImageStore imageStore() {
        return imageStore;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    CollabMetrics metrics() {
        return metrics;
    }
}
