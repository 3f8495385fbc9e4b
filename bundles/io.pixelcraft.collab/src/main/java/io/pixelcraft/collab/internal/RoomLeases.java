package io.pixelcraft.collab.internal;

import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.pixelcraft.api.collab.RemoteRoom;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room leases in MongoDB, which fence each project's room to one node among the nodes that share
 * a database. Collection {@code roomLeases} holds one document per project: {@code _id} (the
 * project id), {@code node} (the holder's node id), {@code url} (its advertised URL),
 * {@code generation} (incremented by every acquisition) and {@code expiresAt}.
 *
 * <p>A node acquires a lease before it loads a room, with one conditional upsert whose filter
 * matches a lease that is free, expired or already this node's. When the lease is another node's,
 * the filter matches nothing, the upsert inserts a second document with the same {@code _id}, and
 * the unique {@code _id} index rejects it with a duplicate-key error. Every lease is renewed every
 * {@link Settings#renewInterval()} with one {@code updateMany} for all leases of this node.
 *
 * <p>Safety: a lease counts as valid on this node only until {@code leaseTime - renewInterval}
 * after the start of its last successful renewal, measured with {@link System#nanoTime()}. Its
 * stored expiry is {@code leaseTime} after that start by this node's wall clock. So another node
 * can take the lease over only after this node stopped writing, as long as the nodes' wall
 * clocks differ by less than the renew interval. A watchdog closes the room of a lease that is no
 * longer valid. A write that started before that moment and reaches the database late is caught
 * by the op log's unique ids ({@link OpLogConflictException}).
 *
 * <p>The documents are never deleted, not even by a TTL index, because a new document would
 * restart the generation at 1 and make old fencing tokens look current again. This keeps one
 * small document per project that ever had a room open.
 *
 * <p>NOTE: after a manual deletion of the collection, rooms fail to store snapshots (with an
 * ERROR line each time) until their generations pass the ones stored with the snapshots. Their
 * op log writes go on, so rooms only load more slowly.
 */
final class RoomLeases implements AutoCloseable {

    static final String COLLECTION = "roomLeases";
    private static final Logger LOG = LoggerFactory.getLogger(RoomLeases.class);
    private static final int DUPLICATE_KEY = 11000;
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** The longest advertised URL that fits into a WebSocket close reason (123 bytes) after its prefix. */
    static final int MAX_URL_LENGTH = 100;

    /** The validated lease settings of {@link CollabConfig}. */
    record Settings(String nodeId, String advertisedUrl, Duration leaseTime, Duration renewInterval) {

        Settings {
            if (nodeId == null || !NODE_ID.matcher(nodeId).matches()) {
                throw new IllegalArgumentException("Invalid collaboration setting nodeId=" + nodeId
                        + ": use 1 to 64 letters, digits, '.', '_' or '-', or leave it empty for a random id");
            }
            advertisedUrl = checkUrl(advertisedUrl == null ? "" : advertisedUrl.trim());
            if (renewInterval.isNegative() || renewInterval.isZero()) {
                throw new IllegalArgumentException("Invalid collaboration setting leaseRenewSeconds="
                        + renewInterval.toSeconds() + ": it must be a positive integer");
            }
            if (leaseTime.compareTo(renewInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("Invalid collaboration setting leaseSeconds=" + leaseTime.toSeconds()
                        + ": it must be at least twice leaseRenewSeconds=" + renewInterval.toSeconds());
            }
        }

        /** Reads the lease settings. An empty node id becomes a random UUID. */
        static Settings from(CollabConfig config) {
            String nodeId = config.nodeId() == null || config.nodeId().isBlank()
                    ? UUID.randomUUID().toString()
                    : config.nodeId().trim();
            return new Settings(nodeId, config.advertisedUrl(), Duration.ofSeconds(config.leaseSeconds()),
                    Duration.ofSeconds(config.leaseRenewSeconds()));
        }

        /** Time after the start of a successful renewal during which this node may still write. */
        Duration safeTime() {
            return leaseTime.minus(renewInterval);
        }

        private static String checkUrl(String url) {
            if (url.isEmpty()) {
                return url;
            }
            String problem = null;
            if (url.length() > MAX_URL_LENGTH || !StandardCharsets.US_ASCII.newEncoder().canEncode(url)) {
                problem = "use at most " + MAX_URL_LENGTH + " ASCII characters";
            } else {
                try {
                    URI uri = new URI(url);
                    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                        problem = "use an absolute http or https URL such as https://node-2.example.org";
                    }
                } catch (URISyntaxException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                throw new IllegalArgumentException("Invalid collaboration setting advertisedUrl=" + url + ": " + problem);
            }
            return url;
        }
    }

    /** Thrown by {@link #acquire} when another node holds the project's lease. */
    static final class HeldElsewhereException extends RuntimeException {

        private static final long serialVersionUID = 1L;
        private final transient RemoteRoom holder;

        HeldElsewhereException(String projectId, RemoteRoom holder) {
            super("The room lease of project " + projectId + " is held by node " + holder.nodeId(), null, false, false);
            this.holder = holder;
        }

        RemoteRoom holder() {
            return holder;
        }
    }

    /**
     * One acquired lease: the right of one room instance to write its project's op log and
     * snapshot. Its generation is the fencing token that snapshot writes carry.
     */
    static final class Lease {

        final String projectId;
        final long generation;
        private volatile long validUntilNanos;
        private volatile boolean ended;

        Lease(String projectId, long generation, long validUntilNanos) {
            this.projectId = projectId;
            this.generation = generation;
            this.validUntilNanos = validUntilNanos;
        }

        /** Returns whether this node may still write for the room: neither released, lost nor past its safe time. */
        boolean valid() {
            return !ended && System.nanoTime() - validUntilNanos < 0;
        }

        private synchronized void extend(long untilNanos) {
            if (untilNanos - validUntilNanos > 0) {
                validUntilNanos = untilNanos;
            }
        }
    }

    private final StorageService storage;
    private final Settings settings;
    private final Map<String, Lease> heldLeases = new ConcurrentHashMap<>();
    /** Two threads, so that the watchdog runs while a renewal waits for the database. */
    private final ScheduledThreadPoolExecutor executor;
    private volatile Consumer<Lease> onLost = lease -> { };
    private ScheduledFuture<?> renewal;
    private int failedRenewals;

    RoomLeases(StorageService storage, Settings settings) {
        this.storage = storage;
        this.settings = settings;
        AtomicInteger threadCounter = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-collab-lease-" + threadCounter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Starts renewing this node's leases and calls {@code lostHandler} for each lease that stops being valid. */
    synchronized void start(Consumer<Lease> lostHandler) {
        onLost = lostHandler;
        long renewMillis = settings.renewInterval().toMillis();
        renewal = executor.scheduleWithFixedDelay(this::renewAll, renewMillis, renewMillis, TimeUnit.MILLISECONDS);
        long checkMillis = Math.max(10, Math.min(1000, renewMillis / 4));
        executor.scheduleWithFixedDelay(this::checkDeadlines, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        LOG.info("Room leases started: node {} at {}, lease {} s, renewed every {} s", settings.nodeId(),
                settings.advertisedUrl().isEmpty() ? "no advertised URL" : settings.advertisedUrl(),
                settings.leaseTime().toMillis() / 1000.0, settings.renewInterval().toMillis() / 1000.0);
    }

    Settings settings() {
        return settings;
    }

    /**
     * Acquires the project's lease for a room that is about to load.
     *
     * @throws HeldElsewhereException when another node holds a lease that has not expired
     * @throws MongoException when the database cannot be reached
     */
    Lease acquire(String projectId) {
        // Reading first saves the write, and the duplicate-key error that the store logs, on every
        // join that reaches the wrong node. The upsert below still decides races.
        Optional<RemoteRoom> current = remoteHolder(projectId);
        if (current.isPresent()) {
            throw new HeldElsewhereException(projectId, current.get());
        }
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            long now = System.currentTimeMillis();
            Bson filter = Filters.and(Filters.eq("_id", projectId),
                    Filters.or(Filters.eq("node", settings.nodeId()), Filters.lte("expiresAt", new Date(now))));
            Bson update = Updates.combine(
                    Updates.set("node", settings.nodeId()),
                    Updates.set("url", settings.advertisedUrl()),
                    Updates.set("acquiredAt", new Date(now)),
                    Updates.set("expiresAt", new Date(now + settings.leaseTime().toMillis())),
                    Updates.inc("generation", 1L));
            Document stored;
            try {
                stored = leases().findOneAndUpdate(filter, update,
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            } catch (MongoServerException e) {
                if (e.getCode() != DUPLICATE_KEY) {
                    throw e;
                }
                Optional<RemoteRoom> holder = remoteHolder(projectId);
                // The holder may have released the lease between the upsert and the read: try once more.
                if (holder.isPresent() || attempt >= 2) {
                    throw new HeldElsewhereException(projectId,
                            holder.orElse(new RemoteRoom("unknown", "")));
                }
                continue;
            }
            long generation = ((Number) stored.get("generation")).longValue();
            Lease lease = new Lease(projectId, generation, started + settings.safeTime().toNanos());
            heldLeases.put(projectId, lease);
            LOG.debug("Acquired the room lease of project {} at generation {}", projectId, generation);
            return lease;
        }
    }

    /**
     * Releases a lease after its room has stored everything, so that another node can open the
     * room at once. A lease that is no longer this node's, or a newer lease of this node for the
     * same project, stays unchanged because the release matches the generation.
     */
    void release(Lease lease) {
        if (lease == null) {
            return;
        }
        lease.ended = true;
        heldLeases.remove(lease.projectId, lease);
        try {
            leases().updateOne(Filters.and(Filters.eq("_id", lease.projectId), Filters.eq("node", settings.nodeId()),
                    Filters.eq("generation", lease.generation)), Updates.set("expiresAt", new Date(0)));
        } catch (MongoException e) {
            LOG.warn("Failed to release the room lease of project {} at generation {}: it expires within {} s",
                    lease.projectId, lease.generation, settings.leaseTime().toSeconds(), e);
        }
    }

    /**
     * Returns the other node that holds the project's lease, if one does and it has not expired.
     *
     * @throws StorageUnavailableException when the lease could not be read
     */
    Optional<RemoteRoom> remoteHolder(String projectId) {
        Document lease;
        try {
            lease = leases().find(Filters.eq("_id", projectId)).first();
        } catch (MongoException e) {
            throw new StorageUnavailableException("Reading the room lease of project " + projectId
                    + " failed: retry later", e);
        }
        if (lease == null || settings.nodeId().equals(lease.getString("node"))) {
            return Optional.empty();
        }
        Date expiresAt = lease.getDate("expiresAt");
        if (expiresAt == null || !expiresAt.after(new Date())) {
            return Optional.empty();
        }
        return Optional.of(new RemoteRoom(lease.getString("node"), lease.getString("url")));
    }

    /**
     * Renews every lease of this node with one write. A lease that the write did not match has
     * been taken over or released, and is ended.
     */
    void renewAll() {
        List<Lease> current = new ArrayList<>(heldLeases.values());
        if (current.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        List<String> ids = current.stream().map(lease -> lease.projectId).toList();
        Date expiresAt = new Date(System.currentTimeMillis() + settings.leaseTime().toMillis());
        long validUntil = started + settings.safeTime().toNanos();
        try {
            UpdateResult result = leases().updateMany(
                    Filters.and(Filters.in("_id", ids), Filters.eq("node", settings.nodeId())),
                    Updates.set("expiresAt", expiresAt));
            if (result.getMatchedCount() == current.size()) {
                current.forEach(lease -> lease.extend(validUntil));
            } else {
                confirmEach(current, ids, validUntil);
            }
        } catch (MongoException e) {
            failedRenewals++;
            LOG.warn("Failed to renew {} room leases of node {} (attempt {}); rooms close {} s after their last renewal",
                    current.size(), settings.nodeId(), failedRenewals, settings.safeTime().toSeconds(), e);
            return;
        }
        if (failedRenewals > 0) {
            LOG.info("Renewing the room leases of node {} works again after {} failed attempts", settings.nodeId(),
                    failedRenewals);
            failedRenewals = 0;
        }
    }

    /** Reads the leases that the renewal did not match, extends those still held and ends the others. */
    private void confirmEach(List<Lease> current, List<String> ids, long validUntil) {
        Map<String, Document> stored = new HashMap<>();
        for (Document document : leases().find(Filters.in("_id", ids))) {
            stored.put(document.getString("_id"), document);
        }
        for (Lease lease : current) {
            Document document = stored.get(lease.projectId);
            boolean mine = document != null && settings.nodeId().equals(document.getString("node"))
                    && document.get("generation") instanceof Number generation
                    && generation.longValue() == lease.generation;
            if (mine) {
                lease.extend(validUntil);
            } else {
                end(lease, document == null ? "its lease document is missing"
                        : "node " + document.getString("node") + " holds generation " + document.get("generation"));
            }
        }
    }

    /** Ends every lease past its safe time. Runs every quarter of the renew interval, at least once a second. */
    void checkDeadlines() {
        for (Lease lease : heldLeases.values()) {
            if (!lease.ended && !lease.valid()) {
                end(lease, "it was not renewed for " + settings.safeTime().toMillis() + " ms");
            }
        }
    }

    private void end(Lease lease, String reason) {
        if (!heldLeases.remove(lease.projectId, lease)) {
            return;
        }
        lease.ended = true;
        LOG.warn("Lost the room lease of project {} at generation {}: {}; closing its room", lease.projectId,
                lease.generation, reason);
        try {
            onLost.accept(lease);
        } catch (RuntimeException e) {
            LOG.error("Failed to close the room of project {} after losing its lease", lease.projectId, e);
        }
    }

    /** Stops renewing while the watchdog keeps running, as a node whose renewals stall would; for tests. */
    synchronized void stopRenewing() {
        if (renewal != null) {
            renewal.cancel(false);
        }
    }

    /** Returns the number of leases this node holds. */
    int heldCount() {
        return heldLeases.size();
    }

    /** Stops the renewal and the watchdog. Call it after every room has closed and released its lease. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private MongoCollection<Document> leases() {
        return storage.database().getCollection(COLLECTION);
    }
}
