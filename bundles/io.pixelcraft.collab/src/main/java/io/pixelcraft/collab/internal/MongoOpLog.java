package io.pixelcraft.collab.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.storage.StorageService;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The op log in MongoDB: collection {@code collab_ops} with one document per batch and
 * {@code collab_snapshots} with one document per project.
 *
 * <p>Every lookup goes by {@code _id} ({@code <projectId>:<seq padded to 19 digits>}), because
 * the embedded store ignores non-unique indexes and would scan the whole log for a query on
 * {@code project}. Reading a range therefore queries a list of ids with {@code $in}, which costs
 * one round trip per {@value #CHUNK} batches. Ops and snapshots are stored as JSON strings, so
 * property names need no escaping for BSON and the stored form equals the protocol form.
 *
 * <p>Because the sequence number is part of {@code _id}, two rooms of one project that write the
 * same sequence number collide on the unique {@code _id} index, and the later write fails with
 * {@link OpLogConflictException} instead of forking the log. This guards against a room whose
 * room lease ended while its write was on the way. The op log writes carry no lease generation:
 * checking it would need a transaction over the lease and the log, which the embedded store does not
 * offer, and the {@code _id} collision already rejects every write that would fork the log.
 */
final class MongoOpLog implements OpLog {

    static final String OPS = "collab_ops";
    static final String SNAPSHOTS = "collab_snapshots";
    private static final int CHUNK = 256;
    private static final int DUPLICATE_KEY = 11000;
    private static final TypeReference<List<Op>> OP_LIST = new TypeReference<>() { };

    private final StorageService storage;

    MongoOpLog(StorageService storage) {
        this.storage = storage;
    }

    @Override
    public Stored load(String projectId) {
        Document snapshotDocument = snapshots().find(Filters.eq("_id", projectId)).first();
        Optional<StoredSnapshot> snapshot = Optional.empty();
        long afterSeq = 0;
        if (snapshotDocument != null) {
            long seq = snapshotDocument.getLong("seq");
            DocumentSnapshot document = readJson(snapshotDocument.getString("json"), DocumentSnapshot.class, projectId);
            snapshot = Optional.of(new StoredSnapshot(seq, document));
            afterSeq = seq;
        }
        List<LoggedBatch> batches = new ArrayList<>();
        while (true) {
            List<LoggedBatch> chunk = since(projectId, afterSeq, CHUNK);
            batches.addAll(chunk);
            if (chunk.size() < CHUNK) {
                return new Stored(snapshot, batches);
            }
            afterSeq = chunk.get(chunk.size() - 1).seq();
        }
    }

    @Override
    public List<LoggedBatch> since(String projectId, long afterSeq, int max) {
        List<LoggedBatch> result = new ArrayList<>();
        long next = afterSeq + 1;
        while (result.size() < max) {
            int want = Math.min(CHUNK, max - result.size());
            List<String> ids = new ArrayList<>(want);
            for (int i = 0; i < want; i++) {
                ids.add(id(projectId, next + i));
            }
            List<LoggedBatch> chunk = new ArrayList<>();
            for (Document document : ops().find(Filters.in("_id", ids))) {
                chunk.add(toBatch(document, projectId));
            }
            chunk.sort(Comparator.comparingLong(LoggedBatch::seq));
            result.addAll(chunk);
            if (chunk.size() < want) {
                break;
            }
            next += want;
        }
        return result;
    }

    @Override
    public List<LoggedBatch> range(String projectId, long fromSeq, long toSeq) {
        List<LoggedBatch> result = new ArrayList<>();
        for (long first = Math.max(1, fromSeq); first <= toSeq; first += CHUNK) {
            long last = Math.min(toSeq, first + CHUNK - 1);
            List<String> ids = new ArrayList<>();
            for (long seq = first; seq <= last; seq++) {
                ids.add(id(projectId, seq));
            }
            for (Document document : ops().find(Filters.in("_id", ids))) {
                result.add(toBatch(document, projectId));
            }
        }
        result.sort(Comparator.comparingLong(LoggedBatch::seq));
        return result;
    }

    @Override
    public void append(String projectId, List<LoggedBatch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        Date now = new Date();
        List<Document> documents = new ArrayList<>(batches.size());
        for (LoggedBatch batch : batches) {
            documents.add(new Document("_id", id(projectId, batch.seq()))
                    .append("project", projectId)
                    .append("seq", batch.seq())
                    .append("author", batch.author())
                    .append("batch", batch.batch())
                    .append("ops", JsonCodec.write(batch.ops()))
                    .append("storedAt", now));
        }
        try {
            ops().insertMany(documents);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> error.getCode() == DUPLICATE_KEY)) {
                // The insert is ordered, so nothing after the first existing id was written.
                throw new OpLogConflictException("Op log of project " + projectId + " already contains a batch in seq "
                        + batches.get(0).seq() + " to " + batches.get(batches.size() - 1).seq()
                        + ": another room wrote it", e);
            }
            throw e;
        }
    }

    @Override
    public void saveSnapshot(String projectId, StoredSnapshot snapshot) {
        saveSnapshot(projectId, snapshot, 0);
    }

    /**
     * Replaces the snapshot with one conditional upsert: the filter matches only a snapshot of the
     * same or an older lease generation (or none), so a room whose lease was taken over cannot
     * overwrite the new holder's snapshot. When the filter does not match, the upsert collides
     * with the existing {@code _id}. Generation 0 stands for a room without a lease.
     */
    @Override
    public void saveSnapshot(String projectId, StoredSnapshot snapshot, long leaseGeneration) {
        Document document = new Document("_id", projectId)
                .append("seq", snapshot.seq())
                .append("leaseGeneration", leaseGeneration)
                .append("json", JsonCodec.write(snapshot.document()))
                .append("storedAt", new Date());
        Bson filter = Filters.and(Filters.eq("_id", projectId), Filters.or(
                Filters.exists("leaseGeneration", false), Filters.lte("leaseGeneration", leaseGeneration)));
        try {
            snapshots().replaceOne(filter, document, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCode() != DUPLICATE_KEY) {
                throw e;
            }
            throw new OpLogConflictException("Snapshot of project " + projectId + " at seq " + snapshot.seq()
                    + " was not stored: a room with a lease newer than generation " + leaseGeneration + " stored one", e);
        }
    }

    static String id(String projectId, long seq) {
        return projectId + ":" + String.format("%019d", seq);
    }

    private LoggedBatch toBatch(Document document, String projectId) {
        List<Op> ops;
        try {
            ops = JsonCodec.MAPPER.readValue(document.getString("ops"), OP_LIST);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Invalid ops JSON in op log entry " + document.get("_id")
                    + " of project " + projectId, e);
        }
        return new LoggedBatch(document.getLong("seq"), document.getString("author"), document.getString("batch"), ops);
    }

    private static <T> T readJson(String json, Class<T> type, String projectId) {
        try {
            return JsonCodec.read(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Invalid snapshot JSON of project " + projectId, e);
        }
    }

    private MongoCollection<Document> ops() {
        return storage.database().getCollection(OPS);
    }

    private MongoCollection<Document> snapshots() {
        return storage.database().getCollection(SNAPSHOTS);
    }
}
