package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.BatchResult;
import io.pixelcraft.api.document.Document;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.project.DocumentChange;
import io.pixelcraft.api.project.DocumentListener;
import io.pixelcraft.api.project.ProjectDocuments;
import io.pixelcraft.api.project.ProjectNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ProjectDocuments} in memory, with the contract of the projects bundle: one lock per
 * project, a revision per accepted change, and listeners called under the lock.
 */
final class FakeProjectDocuments implements ProjectDocuments {

    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Map<String, Long> revisions = new ConcurrentHashMap<>();
    private final Map<String, List<DocumentListener>> listeners = new ConcurrentHashMap<>();

    void create(String projectId) {
        documents.put(projectId, new TreeDocumentEngine().create(1920, 1080));
        revisions.put(projectId, 0L);
    }

    private Document document(String projectId) {
        Document document = documents.get(projectId);
        if (document == null) {
            throw new ProjectNotFoundException(projectId);
        }
        return document;
    }

    @Override
    public DocumentSnapshot load(String projectId) {
        Document document = document(projectId);
        synchronized (document) {
            return document.snapshot();
        }
    }

    @Override
    public BatchResult apply(String projectId, List<Op> ops, String authorId) {
        Document document = document(projectId);
        synchronized (document) {
            BatchResult result = document.apply(ops);
            if (result.applied()) {
                long revision = revisions.merge(projectId, 1L, Long::sum);
                DocumentChange change = new DocumentChange(projectId, revision, authorId, ops, result.outcomes(), null);
                listeners.getOrDefault(projectId, List.of()).forEach(listener -> listener.changed(change));
            }
            return result;
        }
    }

    @Override
    public long replace(String projectId, DocumentSnapshot snapshot, String authorId) {
        Document current = document(projectId);
        synchronized (current) {
            documents.put(projectId, new TreeDocument(snapshot));
            long revision = revisions.merge(projectId, 1L, Long::sum);
            DocumentChange change = new DocumentChange(projectId, revision, authorId, List.of(), List.of(), snapshot);
            listeners.getOrDefault(projectId, List.of()).forEach(listener -> listener.changed(change));
            return revision;
        }
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
