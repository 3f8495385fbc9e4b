package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentEngine;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.project.DocumentChange;
import io.pixelcraft.api.project.DocumentListener;
import io.pixelcraft.api.project.ProjectDocuments;
import io.pixelcraft.api.project.ProjectNotFoundException;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@link ProjectDocuments} in memory, with the contract of the projects bundle: one reentrant lock
 * per project that {@link #locked} exposes, a revision per accepted change, and listeners called
 * under the lock.
 */
final class FakeProjectDocuments implements ProjectDocuments {

    private final DocumentEngine engine;
    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, List<DocumentListener>> listeners = new ConcurrentHashMap<>();
    /** Number of upcoming {@link #apply} calls that fail as if the store were down. */
    final AtomicInteger failingApplies = new AtomicInteger();

    FakeProjectDocuments() {
        this(new TreeDocumentEngine());
    }

    FakeProjectDocuments(DocumentEngine engine) {
        this.engine = engine;
    }

    void create(String projectId) {
        documents.put(projectId, engine.create(1920, 1080));
    }

    private Document document(String projectId) {
        Document document = documents.get(projectId);
        if (document == null) {
            throw new ProjectNotFoundException(projectId);
        }
        return document;
    }

    @Override
    public <T> T locked(String projectId, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(projectId, id -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DocumentSnapshot load(String projectId) {
        return locked(projectId, () -> document(projectId).snapshot());
    }

    @Override
    public BatchResult apply(String projectId, List<Op> ops, String authorId) {
        if (failingApplies.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StorageUnavailableException("Store down for a test");
        }
        return locked(projectId, () -> {
            BatchResult result = document(projectId).apply(ops);
            if (result.applied() && result.changed()) {
                notifyListeners(new DocumentChange(projectId, result.revision(), authorId, ops, result.outcomes(), null));
            }
            return result;
        });
    }

    @Override
    public long replace(String projectId, DocumentSnapshot snapshot, String authorId) {
        return locked(projectId, () -> {
            long revision = document(projectId).revision() + 1;
            DocumentSnapshot next = new DocumentSnapshot(snapshot.format(), revision, snapshot.nodes(), snapshot.deleted(),
                    snapshot.recentOpIds());
            documents.put(projectId, engine.open(next));
            notifyListeners(new DocumentChange(projectId, revision, authorId, List.of(), List.of(), next));
            return revision;
        });
    }

    private void notifyListeners(DocumentChange change) {
        listeners.getOrDefault(change.projectId(), List.of()).forEach(listener -> listener.changed(change));
    }

    @Override
    public AutoCloseable subscribe(String projectId, DocumentListener listener) {
        List<DocumentListener> list = listeners.computeIfAbsent(projectId, id -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    int listenerCount(String projectId) {
        return listeners.getOrDefault(projectId, List.of()).size();
    }
}
