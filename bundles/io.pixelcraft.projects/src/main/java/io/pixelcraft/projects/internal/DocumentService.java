package io.pixelcraft.projects.internal;

import com.mongodb.client.model.Updates;
import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.project.DocumentChange;
import io.pixelcraft.api.project.DocumentListener;
import io.pixelcraft.api.project.ProjectDocuments;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.time.Clock;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, changes and stores project documents, one change at a time per project on this node.
 *
 * <p>Concurrency: every read and change of a project runs under one of {@value #LOCK_STRIPES}
 * striped locks chosen by project id, so two projects may share a lock but one project never has
 * two holders. Within the lock the document is cached in memory; the op log entry of a change is
 * written before the change is acknowledged. Another node writing the same project is detected by
 * the log's unique entry ids: the loser reloads the document and applies its batch again.
 */
final class DocumentService implements ProjectDocuments {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentService.class);
    private static final int LOCK_STRIPES = 256;
    private static final int MAX_ATTEMPTS = 3;
    /** Marks a batch that {@link #applyUnless} did not apply; compared by identity. */
    private static final BatchResult SKIPPED = new BatchResult(false, -1, List.of(), List.of());

    private final DocumentEngine engine;
    private final ProjectRepository projects;
    private final DocumentStore store;
    private final Clock clock;
    private final int snapshotEveryBatches;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Map<String, Cached> cache;
    private final Map<String, List<DocumentListener>> listeners = new ConcurrentHashMap<>();
    /** Listeners of every project, called after the per-project ones. */
    private final List<DocumentListener> globalListeners = new CopyOnWriteArrayList<>();

    /** A cached document with the snapshot it was stored as last. Guarded by the project's lock. */
    private static final class Cached {
        Document document;
        long snapshotRevision;
        ObjectId snapshotFile;

        Cached(Document document, long snapshotRevision, ObjectId snapshotFile) {
            this.document = document;
            this.snapshotRevision = snapshotRevision;
            this.snapshotFile = snapshotFile;
        }
    }

    DocumentService(DocumentEngine engine, ProjectRepository projects, DocumentStore store, Clock clock,
            int snapshotEveryBatches, int cachedDocuments) {
        this.engine = engine;
        this.projects = projects;
        this.store = store;
        this.clock = clock;
        this.snapshotEveryBatches = snapshotEveryBatches;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > cachedDocuments;
            }
        });
    }

    private <T> T locked(String projectId, Function<String, T> action) {
        ReentrantLock lock = locks[(projectId.hashCode() & 0x7fffffff) % LOCK_STRIPES];
        lock.lock();
        try {
            return action.apply(projectId);
        } finally {
            lock.unlock();
        }
    }

    /** Creates and stores the empty document of a new project; returns its snapshot file. */
    ObjectId initialize(String projectId, double width, double height) {
        Document document = engine.create(width, height);
        ObjectId file = store.writeSnapshot(projectId, document.snapshot());
        cache.put(projectId, new Cached(document, 0, file));
        return file;
    }

    /** Forgets the cached document, for example when the project goes to the trash. */
    void evict(String projectId) {
        locked(projectId, id -> cache.remove(id));
    }

    @Override
    public DocumentSnapshot load(String projectId) {
        return locked(projectId, id -> current(id).document.snapshot());
    }

    /** Runs a read-only action on the current document under the project's lock. */
    <T> T read(String projectId, Function<Document, T> action) {
        return locked(projectId, id -> action.apply(current(id).document));
    }

    @Override
    public <T> T locked(String projectId, Supplier<T> action) {
        return locked(projectId, id -> action.get());
    }

    @Override
    public BatchResult apply(String projectId, List<Op> ops, String authorId) {
        return applyUnless(projectId, ops, authorId, () -> false).orElseThrow();
    }

    /**
     * Applies a batch like {@link #apply}, unless {@code skip} returns true when asked under the
     * project's lock; the result is then empty and nothing was applied. The REST route passes
     * "a live room is open", which a room can only change while it holds the same lock.
     */
    Optional<BatchResult> applyUnless(String projectId, List<Op> ops, String authorId, BooleanSupplier skip) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<BatchResult> result = locked(projectId,
                    id -> skip.getAsBoolean() ? Optional.of(SKIPPED) : Optional.ofNullable(applyOnce(id, ops, authorId)));
            if (result.isPresent()) {
                return result.get() == SKIPPED ? Optional.empty() : result;
            }
            LOG.info("Project {} was changed on another node; reloaded it and applying the batch again (attempt {})",
                    projectId, attempt + 1);
        }
        throw new StorageUnavailableException("Project " + projectId + " is changing on several nodes at once: retry later");
    }

    /** Applies a batch; returns {@code null} when another node stored the same revision first. */
    private BatchResult applyOnce(String projectId, List<Op> ops, String authorId) {
        Cached entry = current(projectId);
        BatchResult result = entry.document.apply(ops);
        if (!result.applied() || !result.changed()) {
            return result;
        }
        boolean stored;
        try {
            stored = store.append(projectId, result.revision(), authorId, ops, null);
        } catch (RuntimeException e) {
            // The cached document contains a change the store does not have, so drop it.
            cache.remove(projectId);
            LOG.error("Storing revision {} of project {} failed; the batch was not applied", result.revision(), projectId, e);
            throw e;
        }
        if (!stored) {
            cache.remove(projectId);
            return null;
        }
        touch(projectId, result.revision());
        snapshotIfDue(projectId, entry);
        notifyListeners(new DocumentChange(projectId, result.revision(), authorId, ops, result.outcomes(), null));
        return result;
    }

    @Override
    public long replace(String projectId, DocumentSnapshot snapshot, String authorId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Long revision = locked(projectId, id -> replaceOnce(id, snapshot, authorId));
            if (revision != null) {
                return revision;
            }
        }
        throw new StorageUnavailableException("Project " + projectId + " is changing on several nodes at once: retry later");
    }

    private Long replaceOnce(String projectId, DocumentSnapshot target, String authorId) {
        Cached entry = current(projectId);
        DocumentSnapshot current = entry.document.snapshot();
        long revision = current.revision() + 1;
        DocumentSnapshot merged = merge(current, target, revision);
        Document replacement = engine.open(merged);
        ObjectId file = store.writeSnapshot(projectId, merged);
        if (!store.append(projectId, revision, authorId, List.of(), file)) {
            store.deleteSnapshot(file);
            cache.remove(projectId);
            return null;
        }
        ObjectId previous = entry.snapshotFile;
        entry.document = replacement;
        entry.snapshotRevision = revision;
        entry.snapshotFile = file;
        if (projects.recordSnapshot(projectId, revision, file) && previous != null) {
            deleteQuietly(projectId, previous);
        }
        touch(projectId, revision);
        notifyListeners(new DocumentChange(projectId, revision, authorId, List.of(), List.of(), merged));
        return revision;
    }

    /**
     * Returns the target document at the given revision, with every id that is live now but not in
     * the target marked deleted, and the current op ids, so replays stay idempotent across it.
     */
    private static DocumentSnapshot merge(DocumentSnapshot current, DocumentSnapshot target, long revision) {
        Set<String> targetIds = new TreeSet<>();
        target.nodes().forEach(node -> targetIds.add(node.id()));
        Set<String> deleted = new TreeSet<>(current.deleted());
        deleted.addAll(target.deleted());
        for (Node node : current.nodes()) {
            deleted.add(node.id());
        }
        deleted.removeAll(targetIds);
        return new DocumentSnapshot(DocumentSnapshot.FORMAT, revision, target.nodes(), List.copyOf(deleted), current.recentOpIds());
    }

    @Override
    public AutoCloseable subscribe(String projectId, DocumentListener listener) {
        listeners.computeIfAbsent(projectId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.computeIfPresent(projectId, (id, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /** Calls the listener after every change of any project, until {@link #unsubscribeAll} removes it. */
    void subscribeAll(DocumentListener listener) {
        globalListeners.add(listener);
    }

    void unsubscribeAll(DocumentListener listener) {
        globalListeners.remove(listener);
    }

    private void notifyListeners(DocumentChange change) {
        List<DocumentListener> all = new java.util.ArrayList<>(listeners.getOrDefault(change.projectId(), List.of()));
        all.addAll(globalListeners);
        for (DocumentListener listener : all) {
            try {
                listener.changed(change);
            } catch (RuntimeException e) {
                LOG.error("Document listener {} failed on revision {} of project {}", listener, change.revision(), change.projectId(), e);
            }
        }
    }

    /** Returns the cached document brought up to date with the op log, loading it on a miss. */
    private Cached current(String projectId) {
        Cached entry = cache.get(projectId);
        if (entry != null && !store.hasEntry(projectId, entry.document.revision() + 1)) {
            return entry;
        }
        if (entry == null) {
            ProjectRecord project = projects.find(projectId).filter(p -> !p.inTrash())
                    .orElseThrow(() -> new ProjectNotFoundException(projectId));
            DocumentSnapshot snapshot = store.readSnapshot(projectId, project.snapshotFile());
            entry = new Cached(engine.open(snapshot), snapshot.revision(), project.snapshotFile());
        }
        replay(projectId, entry);
        cache.put(projectId, entry);
        return entry;
    }

    private void replay(String projectId, Cached entry) {
        for (DocumentStore.LogEntry logEntry : store.entriesAfter(projectId, entry.document.revision())) {
            if (logEntry.snapshotFile() != null) {
                entry.document = engine.open(store.readSnapshot(projectId, logEntry.snapshotFile()));
                entry.snapshotRevision = logEntry.revision();
                entry.snapshotFile = logEntry.snapshotFile();
                continue;
            }
            BatchResult result = entry.document.apply(logEntry.ops());
            if (!result.applied() || result.revision() != logEntry.revision()) {
                // Happens only if the log was written under other engine limits or edited by hand.
                LOG.error("Replaying revision {} of project {} gave revision {} with violations {}; later entries are ignored",
                        logEntry.revision(), projectId, result.revision(), result.violations());
                return;
            }
        }
    }

    private void snapshotIfDue(String projectId, Cached entry) {
        long revision = entry.document.revision();
        if (revision - entry.snapshotRevision < snapshotEveryBatches) {
            return;
        }
        // NOTE: the snapshot is written while the project is locked, so edits of a very large
        // document pause for the time of one upload every snapshotEveryBatches batches.
        try {
            ObjectId file = store.writeSnapshot(projectId, entry.document.snapshot());
            ObjectId previous = entry.snapshotFile;
            if (projects.recordSnapshot(projectId, revision, file)) {
                entry.snapshotRevision = revision;
                entry.snapshotFile = file;
                if (previous != null) {
                    deleteQuietly(projectId, previous);
                }
            } else {
                deleteQuietly(projectId, file);
            }
        } catch (RuntimeException e) {
            // The op log still has every change; the next batch tries again.
            LOG.error("Writing the snapshot of project {} at revision {} failed", projectId, revision, e);
        }
    }

    private void deleteQuietly(String projectId, ObjectId file) {
        try {
            store.deleteSnapshot(file);
        } catch (RuntimeException e) {
            LOG.warn("Deleting old snapshot {} of project {} failed; it stays as an orphan file", file, projectId, e);
        }
    }

    private void touch(String projectId, long revision) {
        try {
            projects.update(projectId, Updates.set("revision", revision), Updates.set("updatedAt", Date.from(clock.instant())));
        } catch (RuntimeException e) {
            // The op log is authoritative; this copy only serves project listings.
            LOG.warn("Updating the revision of project {} to {} failed", projectId, revision, e);
        }
    }
}
