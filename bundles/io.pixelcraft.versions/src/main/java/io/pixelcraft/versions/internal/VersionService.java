package io.pixelcraft.versions.internal;

import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.ExportFormat;
import io.pixelcraft.api.document.FilterLookup;
import io.pixelcraft.api.document.ImageLookup;
import io.pixelcraft.api.document.Node;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.api.document.RenderRequest;
import io.pixelcraft.api.document.RenderResult;
import io.pixelcraft.api.project.ProjectDocuments;
import io.pixelcraft.api.web.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores, reads, compares and restores the versions of projects.
 *
 * <p>A version is the project's document revision plus a delta against a base snapshot that many
 * versions share. A new version is compared against the project's newest base; when it differs
 * in more nodes than {@link VersionSettings#rebaseThreshold} allows, the whole document becomes a
 * new base and the version's delta is empty. So storing a version costs the size of what changed
 * since the base, and reading one costs one base read plus one small delta.
 *
 * <p>Concurrency: creating versions and restoring run under a striped per-project lock on this
 * node, so version numbers and bases of one project change one at a time. NOTE: two nodes that
 * store versions of one project at once may each write a base. Both stay valid, because every
 * version names its own base, but the head keeps only the last one written.
 */
final class VersionService {

    private static final Logger LOG = LoggerFactory.getLogger(VersionService.class);
    /** Retry-After of a version thumbnail that found the render memory budget full. */
    private static final long THUMBNAIL_RETRY_SECONDS = 10;
    private static final int LOCK_STRIPES = 64;
    /** Base snapshots kept in memory; a 5,000-node base is a few MB of objects. */
    private static final int CACHED_BASES = 8;

    private final ProjectDocuments documents;
    private final DocumentEngine engine;
    private final VersionStore store;
    private final Clock clock;
    private final Supplier<VersionSettings> settings;
    private final Supplier<ImageLookup> images;
    private final Supplier<FilterLookup> filters;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];
    private final Map<ObjectId, DocumentSnapshot> bases = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<ObjectId, DocumentSnapshot> eldest) {
                    return size() > CACHED_BASES;
                }
            });

    VersionService(ProjectDocuments documents, DocumentEngine engine, VersionStore store, Clock clock,
            Supplier<VersionSettings> settings, Supplier<ImageLookup> images, Supplier<FilterLookup> filters) {
        this.documents = documents;
        this.engine = engine;
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.images = images;
        this.filters = filters;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** A version to store: its kind, label and description, its authors and, for a restore, its source. */
    record NewVersion(String kind, String label, String description, String createdBy, List<String> authors,
            Long restoredFrom) {
    }

    ReentrantLock lockOf(String projectId) {
        return locks[(projectId.hashCode() & 0x7fffffff) % LOCK_STRIPES];
    }

    // ---- create ----

    /** Stores the project's current document as a new version. */
    VersionRecord create(String projectId, NewVersion version) {
        ReentrantLock lock = lockOf(projectId);
        lock.lock();
        try {
            return store(projectId, documents.load(projectId), version);
        } finally {
            lock.unlock();
        }
    }

    /** Stores the given document as a new version; the caller holds the project's lock. */
    private VersionRecord store(String projectId, DocumentSnapshot snapshot, NewVersion version) {
        Optional<VersionStore.Head> head = store.head(projectId);
        ObjectId base = head.map(VersionStore.Head::base).orElse(null);
        Delta delta = null;
        if (base != null) {
            DocumentSnapshot baseSnapshot = base(projectId, base);
            delta = Delta.between(baseSnapshot, snapshot);
            if (delta.size() > settings.get().rebaseThreshold(baseSnapshot.nodes().size())) {
                delta = null;
            }
        }
        long number = store.nextNumber(projectId);
        if (delta == null) {
            base = store.writeBase(projectId, snapshot);
            bases.put(base, snapshot);
            store.setBase(projectId, base, snapshot.revision());
            delta = new Delta(snapshot.revision(), List.of(), List.of());
        }
        byte[] deltaBytes = store.codec().toBytes(delta);
        VersionRecord record = new VersionRecord(projectId, number, version.kind(), version.label(),
                version.description(), snapshot.revision(), clock.instant(), version.createdBy(),
                version.authors().stream().sorted().distinct().toList(), version.restoredFrom(), base,
                deltaBytes.length, null);
        store.insert(record, deltaBytes);
        LOG.debug("Stored version {} ({}) of project {} at revision {}: {} changed nodes against base {}",
                number, version.kind(), projectId, snapshot.revision(), delta.size(), base);
        return record;
    }

    // ---- read ----

    VersionRecord get(String projectId, long number) {
        return store.find(projectId, number).orElseThrow(() -> new VersionNotFoundException(projectId, number));
    }

    /** Returns up to {@code limit} versions numbered below {@code beforeNumber}, newest first. */
    List<VersionRecord> list(String projectId, long beforeNumber, int limit) {
        return store.listNewestFirst(projectId, beforeNumber, limit);
    }

    /** Returns the newest version, or empty when the project has none. */
    Optional<VersionRecord> latest(String projectId) {
        return store.listNewestFirst(projectId, VersionStore.MAX_NUMBER + 1, 1).stream().findFirst();
    }

    /** Rebuilds the document of a version in the engine's depth-first order. */
    DocumentSnapshot document(String projectId, long number) {
        VersionRecord version = get(projectId, number);
        Delta delta = store.codec().fromBytes(store.delta(projectId, number), Delta.class);
        DocumentSnapshot snapshot = delta.applyTo(base(projectId, version.base()));
        return engine.open(snapshot).snapshot();
    }

    private DocumentSnapshot base(String projectId, ObjectId file) {
        DocumentSnapshot cached = bases.get(file);
        if (cached != null) {
            return cached;
        }
        DocumentSnapshot loaded = store.readBase(projectId, file);
        bases.put(file, loaded);
        return loaded;
    }

    /**
     * Compares two versions, or a version with the current document.
     *
     * @param against the older side's version number, or empty for the current document
     * @return what changed from {@code against} to {@code number}
     */
    DocumentDiff diff(String projectId, long number, Optional<Long> against) {
        DocumentSnapshot newer = document(projectId, number);
        DocumentSnapshot older = against.isPresent() ? document(projectId, against.get()) : documents.load(projectId);
        return DocumentDiff.between(older, newer);
    }

    /** Returns the version's PNG thumbnail, rendering and storing it on first request. */
    byte[] thumbnail(String projectId, long number) {
        VersionRecord version = get(projectId, number);
        if (version.thumbnail() != null) {
            return store.readThumbnail(version.thumbnail());
        }
        byte[] png = render(projectId, document(projectId, number));
        ObjectId file = store.writeThumbnail(projectId, number, png);
        store.setThumbnail(projectId, number, file);
        return png;
    }

    private byte[] render(String projectId, DocumentSnapshot snapshot) {
        Document document = engine.open(snapshot);
        Node root = snapshot.root();
        double longest = Math.max(root.number(Property.WIDTH), root.number(Property.HEIGHT));
        double scale = Math.min(1.0, settings.get().thumbnailSize() / Math.max(1.0, longest));
        RenderResult result;
        try {
            result = engine.render(document, RenderRequest.document(scale), images.get(), filters.get());
        } catch (RejectedExecutionException e) {
            // The engine's render memory budget stayed full for its wait; other renders are running.
            LOG.warn("Version thumbnail of project {} was not rendered: {}", projectId, e.getMessage());
            throw ApiException.unavailable("The server is busy rendering other documents: retry the thumbnail in "
                    + THUMBNAIL_RETRY_SECONDS + " seconds", THUMBNAIL_RETRY_SECONDS);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            engine.export(result, ExportFormat.PNG, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Encoding a thumbnail failed", e);
        }
        return out.toByteArray();
    }

    // ---- change ----

    /** Changes the label and/or description; {@code null} leaves a field as it is, "" clears the description. */
    VersionRecord rename(String projectId, long number, String label, String description) {
        if (!store.updateText(projectId, number, label, description)) {
            throw new VersionNotFoundException(projectId, number);
        }
        return get(projectId, number);
    }

    /** Deletes a version; its shared base stays until retention finds it unused. */
    void delete(String projectId, long number) {
        VersionRecord version = get(projectId, number);
        if (!store.delete(projectId, number)) {
            throw new VersionNotFoundException(projectId, number);
        }
        deleteThumbnailQuietly(version);
        LOG.info("Deleted version {} ({}) of project {}", number, version.kind(), projectId);
    }

    /** Result of a restore: the state saved before it (if any) and the new entry. */
    record Restored(VersionRecord savedBefore, VersionRecord restored, long revision) {
    }

    /**
     * Makes a version the current document as the next change of the project, ordered with edits
     * from every other source by {@link ProjectDocuments#replace}. The current document is saved
     * first as a checkpoint when no version captures its revision yet, so no state is lost.
     *
     * @param pendingAuthors the authors of edits not yet in a checkpoint, for the saved state
     */
    Restored restore(String projectId, long number, String userId, List<String> pendingAuthors) {
        ReentrantLock lock = lockOf(projectId);
        lock.lock();
        try {
            DocumentSnapshot target = document(projectId, number);
            DocumentSnapshot current = documents.load(projectId);
            VersionRecord savedBefore = null;
            if (latest(projectId).map(v -> v.revision() != current.revision()).orElse(true)) {
                savedBefore = store(projectId, current, new NewVersion(VersionRecord.CHECKPOINT,
                        "Before restoring version " + number, null, userId, pendingAuthors, null));
            }
            // NOTE: an edit that lands between load() above and replace() is in the project's op
            // log but in no version. The next checkpoint does not capture it either, because the
            // restore replaced it.
            long revision = documents.replace(projectId, target, userId);
            DocumentSnapshot installed = new DocumentSnapshot(DocumentSnapshot.FORMAT, revision, target.nodes(),
                    target.deleted(), target.recentOpIds());
            VersionRecord restored = store(projectId, installed, new NewVersion(VersionRecord.RESTORE,
                    "Restored version " + number, null, userId, List.of(userId), number));
            LOG.info("User {} restored version {} of project {} as revision {} (version {})", userId, number, projectId,
                    revision, restored.number());
            return new Restored(savedBefore, restored, revision);
        } finally {
            lock.unlock();
        }
    }

    // ---- retention ----

    /** Applies the retention policy to one project and deletes bases no version uses any more. */
    RetentionResult applyRetention(String projectId) {
        ReentrantLock lock = lockOf(projectId);
        lock.lock();
        try {
            List<VersionRecord> all = store.listAll(projectId);
            List<VersionRecord> expired = settings.get().retention().expired(all, clock.instant());
            for (VersionRecord version : expired) {
                store.delete(projectId, version.number());
                deleteThumbnailQuietly(version);
            }
            Set<Long> expiredNumbers = new HashSet<>();
            expired.forEach(version -> expiredNumbers.add(version.number()));
            Set<ObjectId> used = new HashSet<>();
            all.stream().filter(v -> !expiredNumbers.contains(v.number())).forEach(v -> used.add(v.base()));
            store.head(projectId).map(VersionStore.Head::base).ifPresent(used::add);
            int removedBases = 0;
            for (VersionRecord version : expired) {
                ObjectId base = version.base();
                if (base != null && used.add(base)) {
                    store.deleteBase(base);
                    bases.remove(base);
                    removedBases++;
                }
            }
            List<Long> numbers = expired.stream().map(VersionRecord::number).sorted().toList();
            if (!numbers.isEmpty()) {
                LOG.info("Retention removed {} checkpoints of project {} (versions {}) and {} unused base snapshots",
                        numbers.size(), projectId, numbers, removedBases);
            }
            return new RetentionResult(projectId, numbers, removedBases, null);
        } finally {
            lock.unlock();
        }
    }

    // ---- purge ----

    /**
     * Deletes every version of a project, with its base snapshots and thumbnails, when the trash
     * purge removes the project. Runs under the project's lock, so no version of it is being
     * stored meanwhile. Repeating it after a failure finishes the work.
     */
    void purgeProject(String projectId) {
        ReentrantLock lock = lockOf(projectId);
        lock.lock();
        try {
            Optional<ObjectId> base = store.head(projectId).map(VersionStore.Head::base);
            long deleted = store.deleteProject(projectId);
            base.ifPresent(bases::remove);
            if (deleted > 0 || base.isPresent()) {
                LOG.info("Deleted {} versions of purged project {} with their base snapshots and thumbnails", deleted, projectId);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns every project with versions. */
    List<String> projectsWithVersions() {
        return store.projectIds();
    }

    private void deleteThumbnailQuietly(VersionRecord version) {
        if (version.thumbnail() == null) {
            return;
        }
        try {
            store.deleteThumbnail(version.thumbnail());
        } catch (RuntimeException e) {
            LOG.warn("Deleting thumbnail {} of version {} of project {} failed; it stays as an orphan file",
                    version.thumbnail(), version.number(), version.projectId(), e);
        }
    }
}
