package io.pixelcraft.versions.internal;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ProjectDocuments} on the real engine, kept in memory: one lock per project orders batches
 * and replacements, and a replacement marks live ids missing from the target as deleted, as the
 * projects bundle does. It records every change so tests can check the order.
 */
final class InMemoryProjectDocuments implements ProjectDocuments {

    private final DocumentEngine engine;
    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final List<DocumentListener> listeners = new CopyOnWriteArrayList<>();
    final List<DocumentChange> changes = new CopyOnWriteArrayList<>();

    InMemoryProjectDocuments(DocumentEngine engine) {
        this.engine = engine;
    }

    void create(String projectId, double width, double height) {
        documents.put(projectId, engine.create(width, height));
        locks.put(projectId, new Object());
    }

    void addListener(DocumentListener listener) {
        listeners.add(listener);
    }

    private Object lock(String projectId) {
        Object lock = locks.get(projectId);
        if (lock == null) {
            throw new ProjectNotFoundException(projectId);
        }
        return lock;
    }

    @Override
    public DocumentSnapshot load(String projectId) {
        synchronized (lock(projectId)) {
            return documents.get(projectId).snapshot();
        }
    }

    @Override
    public BatchResult apply(String projectId, List<Op> ops, String authorId) {
        synchronized (lock(projectId)) {
            BatchResult result = documents.get(projectId).apply(ops);
            if (result.applied() && result.changed()) {
                notify(new DocumentChange(projectId, result.revision(), authorId, ops, result.outcomes(), null));
            }
            return result;
        }
    }

    @Override
    public long replace(String projectId, DocumentSnapshot target, String authorId) {
        synchronized (lock(projectId)) {
            DocumentSnapshot current = documents.get(projectId).snapshot();
            long revision = current.revision() + 1;
            Set<String> targetIds = new TreeSet<>();
            target.nodes().forEach(node -> targetIds.add(node.id()));
            Set<String> deleted = new TreeSet<>(current.deleted());
            deleted.addAll(target.deleted());
            for (Node node : current.nodes()) {
                deleted.add(node.id());
            }
            deleted.removeAll(targetIds);
            DocumentSnapshot merged = new DocumentSnapshot(DocumentSnapshot.FORMAT, revision, target.nodes(),
                    List.copyOf(deleted), current.recentOpIds());
            Document replacement = engine.open(merged);
            documents.put(projectId, replacement);
            notify(new DocumentChange(projectId, revision, authorId, List.of(), List.of(), merged));
            return revision;
        }
    }

    @Override
    public AutoCloseable subscribe(String projectId, DocumentListener listener) {
        throw new UnsupportedOperationException("Tests register listeners with addListener");
    }

    private void notify(DocumentChange change) {
        changes.add(change);
        for (DocumentListener listener : new ArrayList<>(listeners)) {
            listener.changed(change);
        }
    }
}
