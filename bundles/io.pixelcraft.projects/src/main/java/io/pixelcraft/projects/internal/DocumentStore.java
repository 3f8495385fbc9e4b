package io.pixelcraft.projects.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * Persists documents as snapshots plus an op log.
 *
 * <p>Snapshots are gzip-compressed JSON files in the GridFS bucket {@value #BUCKET}. GridFS splits
 * a file into 255 KiB chunks, so a document larger than MongoDB's 16 MiB document limit is stored
 * like any other. The op log collection {@value #LOG} contains one entry per changing batch, keyed
 * {@code <projectId>:<revision>} with the revision zero-padded, so that reading the tail after a
 * snapshot is a series of {@code _id} lookups, which the embedded store serves from its index.
 */
final class DocumentStore {

    static final String BUCKET = "snapshots";
    static final String LOG = "project_ops";
    /** Log entries fetched per query while replaying. */
    private static final int REPLAY_PAGE = 100;

    private final StorageService storage;
    private final SnapshotCodec codec = new SnapshotCodec();

    DocumentStore(StorageService storage) {
        this.storage = storage;
    }

    /** An op log entry: a batch, or a replacement whose snapshot is in GridFS. */
    record LogEntry(long revision, String authorId, List<Op> ops, ObjectId snapshotFile) {
    }

    static String logId(String projectId, long revision) {
        return projectId + ":" + String.format("%012d", revision);
    }

    private MongoCollection<Document> log() {
        return storage.database().getCollection(LOG);
    }

    private GridFSBucket bucket() {
        return storage.bucket(BUCKET);
    }

    /** Stores a snapshot and returns its GridFS file id. */
    ObjectId writeSnapshot(String projectId, DocumentSnapshot snapshot) {
        GridFSUploadOptions options = new GridFSUploadOptions()
                .metadata(new Document("projectId", projectId).append("revision", snapshot.revision()));
        try (GridFSUploadStream upload = bucket().openUploadStream(projectId + "@" + snapshot.revision(), options)) {
            codec.write(snapshot, upload);
            upload.flush();
            return upload.getObjectId();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the snapshot of project " + projectId + " failed", e);
        }
    }

    DocumentSnapshot readSnapshot(String projectId, ObjectId fileId) {
        try (GridFSDownloadStream download = bucket().openDownloadStream(fileId)) {
            return codec.read(download);
        } catch (IOException e) {
            throw new StorageUnavailableException("Reading snapshot " + fileId + " of project " + projectId + " failed", e);
        }
    }

    void deleteSnapshot(ObjectId fileId) {
        bucket().delete(fileId);
    }

    /**
     * Appends a log entry.
     *
     * @return false when an entry with this revision exists, which means another node changed
     *         the project first
     */
    boolean append(String projectId, long revision, String authorId, List<Op> ops, ObjectId snapshotFile) {
        Document entry = new Document("_id", logId(projectId, revision))
                .append("projectId", projectId)
                .append("revision", revision)
                .append("authorId", authorId)
                .append("at", Date.from(Instant.now()))
                .append("ops", OpCodec.encode(ops));
        if (snapshotFile != null) {
            entry.append("snapshotFile", snapshotFile);
        }
        try {
            log().insertOne(entry);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Returns whether an entry with this revision exists. */
    boolean hasEntry(String projectId, long revision) {
        return log().find(Filters.eq("_id", logId(projectId, revision))).limit(1).first() != null;
    }

    /** Returns the log entries after {@code revision}, in order, up to the first gap. */
    @SuppressWarnings("unchecked")
    List<LogEntry> entriesAfter(String projectId, long revision) {
        List<LogEntry> result = new ArrayList<>();
        long next = revision + 1;
        while (true) {
            List<String> ids = new ArrayList<>(REPLAY_PAGE);
            for (int i = 0; i < REPLAY_PAGE; i++) {
                ids.add(logId(projectId, next + i));
            }
            Map<String, Document> found = new HashMap<>();
            for (Document document : log().find(Filters.in("_id", ids))) {
                found.put(document.getString("_id"), document);
            }
            for (String id : ids) {
                Document document = found.get(id);
                if (document == null) {
                    return result;
                }
                result.add(new LogEntry(document.getLong("revision"), document.getString("authorId"),
                        OpCodec.decode((List<Document>) document.get("ops")), document.getObjectId("snapshotFile")));
                next++;
            }
        }
    }

    /**
     * Calls the action with the ops of every batch in the project's op log, in no particular order.
     * Only the trash purge calls it: the embedded store has no index on {@code projectId} and
     * scans the whole collection, as {@link #deleteAll} does.
     */
    @SuppressWarnings("unchecked")
    void forEachLoggedBatch(String projectId, Consumer<List<Op>> action) {
        for (Document document : log().find(Filters.eq("projectId", projectId)).projection(Projections.include("ops"))) {
            action.accept(OpCodec.decode((List<Document>) document.get("ops")));
        }
    }

    /** Returns the ids of every stored snapshot of the project: the current one and those of replacements. */
    List<ObjectId> snapshotFiles(String projectId) {
        List<ObjectId> files = new ArrayList<>();
        bucket().find(Filters.eq("metadata.projectId", projectId)).forEach(file -> files.add(file.getObjectId()));
        return files;
    }

    /** Deletes a project's log entries and snapshots; used when the trash is purged. */
    void deleteAll(String projectId) {
        log().deleteMany(Filters.eq("projectId", projectId));
        snapshotFiles(projectId).forEach(bucket()::delete);
    }
}
