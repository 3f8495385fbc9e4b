package io.pixelcraft.versions.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.pixelcraft.api.document.DocumentSnapshot;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

/**
 * Persists versions in MongoDB.
 *
 * <ul>
 * <li>{@value #VERSIONS}: one small document per version, keyed {@code <projectId>:<number>} with
 *     the number zero-padded, so a version is found by {@code _id} and a project's versions are
 *     one {@code _id} range in number order. It contains the delta against its base as
 *     gzip-compressed JSON.</li>
 * <li>{@value #HEADS}: one document per project, keyed by project id, with the last version
 *     number and the base snapshot that new versions are compared against.</li>
 * <li>GridFS buckets {@value #BASES} (shared base snapshots, gzip JSON) and {@value #THUMBNAILS}
 *     (PNG previews rendered on first request).</li>
 * </ul>
 *
 * <p>{@link #deleteProject} removes all of it for one project when the trash purge removes the project.
 */
final class VersionStore {

    static final String VERSIONS = "versions";
    static final String HEADS = "version_heads";
    static final String BASES = "version_snapshots";
    static final String THUMBNAILS = "version_thumbnails";

    /** Largest version number; {@link #versionId} pads numbers to its 12 digits. */
    static final long MAX_NUMBER = 999_999_999_999L;

    private final StorageService storage;
    private final SnapshotCodec codec = new SnapshotCodec();

    VersionStore(StorageService storage) {
        this.storage = storage;
    }

    /** The project's newest base snapshot file. */
    record Head(String projectId, long lastNumber, ObjectId base, long baseRevision) {
    }

    static String versionId(String projectId, long number) {
        return projectId + ":" + String.format("%012d", number);
    }

    private MongoCollection<Document> versions() {
        return storage.database().getCollection(VERSIONS);
    }

    private MongoCollection<Document> heads() {
        return storage.database().getCollection(HEADS);
    }

    // ---- heads and numbers ----

    Optional<Head> head(String projectId) {
        Document document = heads().find(Filters.eq("_id", projectId)).first();
        return Optional.ofNullable(document).map(VersionStore::toHead);
    }

    /** Returns every project that has versions, for retention. */
    List<String> projectIds() {
        List<String> ids = new ArrayList<>();
        heads().find().projection(new Document("_id", 1)).forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }

    /** Reserves the next version number of the project; numbers are never reused. */
    long nextNumber(String projectId) {
        Document head = heads().findOneAndUpdate(Filters.eq("_id", projectId), Updates.inc("lastNumber", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) head.get("lastNumber")).longValue();
    }

    /** Records the project's new base snapshot. */
    void setBase(String projectId, ObjectId base, long baseRevision) {
        heads().updateOne(Filters.eq("_id", projectId),
                Updates.combine(Updates.set("base", base), Updates.set("baseRevision", baseRevision)));
    }

    private static Head toHead(Document document) {
        Number last = (Number) document.get("lastNumber");
        Number baseRevision = (Number) document.get("baseRevision");
        return new Head(document.getString("_id"), last == null ? 0 : last.longValue(), document.getObjectId("base"),
                baseRevision == null ? -1 : baseRevision.longValue());
    }

    // ---- versions ----

    void insert(VersionRecord version, byte[] delta) {
        Document document = new Document("_id", versionId(version.projectId(), version.number()))
                .append("projectId", version.projectId())
                .append("number", version.number())
                .append("kind", version.kind())
                .append("label", version.label())
                .append("description", version.description())
                .append("revision", version.revision())
                .append("createdAt", Date.from(version.createdAt()))
                .append("createdBy", version.createdBy())
                .append("authors", version.authors())
                .append("restoredFrom", version.restoredFrom())
                .append("base", version.base())
                .append("delta", new Binary(delta));
        versions().insertOne(document);
    }

    Optional<VersionRecord> find(String projectId, long number) {
        Document document = versions().find(Filters.eq("_id", versionId(projectId, number))).first();
        return Optional.ofNullable(document).map(VersionStore::toRecord);
    }

    /** Returns the stored delta of a version, gzip-compressed JSON. */
    byte[] delta(String projectId, long number) {
        Document document = versions().find(Filters.eq("_id", versionId(projectId, number)))
                .projection(new Document("delta", 1)).first();
        if (document == null) {
            throw new IllegalStateException("Version " + number + " of project " + projectId + " has no stored delta");
        }
        return document.get("delta", Binary.class).getData();
    }

    /**
     * Returns up to {@code limit} versions with numbers below {@code beforeNumber}, newest first,
     * without their deltas. NOTE: the embedded store may scan the collection for this {@code _id}
     * range; MongoDB uses the {@code _id} index.
     */
    List<VersionRecord> listNewestFirst(String projectId, long beforeNumber, int limit) {
        List<VersionRecord> result = new ArrayList<>();
        versions().find(range(projectId, beforeNumber)).projection(new Document("delta", 0))
                .sort(Sorts.descending("_id")).limit(limit).forEach(document -> result.add(toRecord(document)));
        return result;
    }

    /** Returns every version of the project, oldest first, without their deltas. */
    List<VersionRecord> listAll(String projectId) {
        List<VersionRecord> result = new ArrayList<>();
        versions().find(range(projectId, MAX_NUMBER + 1)).projection(new Document("delta", 0))
                .sort(Sorts.ascending("_id")).forEach(document -> result.add(toRecord(document)));
        return result;
    }

    /** Selects a project's versions numbered below {@code beforeNumber}; the project id lets a sharded cluster target one shard. */
    private static Bson range(String projectId, long beforeNumber) {
        return Filters.and(Filters.eq("projectId", projectId), Filters.gte("_id", versionId(projectId, 0)),
                Filters.lt("_id", versionId(projectId, beforeNumber)));
    }

    boolean updateText(String projectId, long number, String label, String description) {
        List<Bson> updates = new ArrayList<>();
        if (label != null) {
            updates.add(Updates.set("label", label));
        }
        if (description != null) {
            updates.add(Updates.set("description", description.isEmpty() ? null : description));
        }
        if (updates.isEmpty()) {
            return find(projectId, number).isPresent();
        }
        return versions().updateOne(Filters.eq("_id", versionId(projectId, number)), Updates.combine(updates))
                .getMatchedCount() == 1;
    }

    void setThumbnail(String projectId, long number, ObjectId file) {
        versions().updateOne(Filters.eq("_id", versionId(projectId, number)), Updates.set("thumbnail", file));
    }

    boolean delete(String projectId, long number) {
        return versions().deleteOne(Filters.eq("_id", versionId(projectId, number))).getDeletedCount() == 1;
    }

    private static VersionRecord toRecord(Document document) {
        Binary delta = document.get("delta", Binary.class);
        Number restoredFrom = (Number) document.get("restoredFrom");
        return new VersionRecord(document.getString("projectId"), ((Number) document.get("number")).longValue(),
                document.getString("kind"), document.getString("label"), document.getString("description"),
                ((Number) document.get("revision")).longValue(), document.getDate("createdAt").toInstant(),
                document.getString("createdBy"), document.getList("authors", String.class, List.of()),
                restoredFrom == null ? null : restoredFrom.longValue(), document.getObjectId("base"),
                delta == null ? 0 : delta.length(), document.getObjectId("thumbnail"));
    }

    // ---- files ----

    ObjectId writeBase(String projectId, DocumentSnapshot snapshot) {
        GridFSUploadOptions options = new GridFSUploadOptions()
                .metadata(new Document("projectId", projectId).append("revision", snapshot.revision()));
        try (GridFSUploadStream upload = bucket(BASES).openUploadStream(projectId + "@" + snapshot.revision(), options)) {
            codec.write(snapshot, upload);
            upload.flush();
            return upload.getObjectId();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a base snapshot of project " + projectId + " failed", e);
        }
    }

    DocumentSnapshot readBase(String projectId, ObjectId file) {
        try (GridFSDownloadStream download = bucket(BASES).openDownloadStream(file)) {
            return codec.readSnapshot(download);
        } catch (IOException e) {
            throw new StorageUnavailableException("Reading base snapshot " + file + " of project " + projectId + " failed", e);
        }
    }

    /** Returns the stored size of a base snapshot in bytes. */
    long baseLength(ObjectId file) {
        var info = bucket(BASES).find(Filters.eq("_id", file)).first();
        return info == null ? 0 : info.getLength();
    }

    void deleteBase(ObjectId file) {
        bucket(BASES).delete(file);
    }

    ObjectId writeThumbnail(String projectId, long number, byte[] png) {
        GridFSUploadOptions options = new GridFSUploadOptions()
                .metadata(new Document("projectId", projectId).append("number", number).append("contentType", "image/png"));
        return bucket(THUMBNAILS).uploadFromStream(projectId + "#" + number + ".png", new ByteArrayInputStream(png), options);
    }

    byte[] readThumbnail(ObjectId file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bucket(THUMBNAILS).downloadToStream(file, out);
        return out.toByteArray();
    }

    void deleteThumbnail(ObjectId file) {
        bucket(THUMBNAILS).delete(file);
    }

    // ---- purge ----

    /**
     * Deletes every version, base snapshot, thumbnail and the head of a project. Safe to repeat
     * after a failure part-way: the head goes last, so a project whose purge failed is still
     * listed by {@link #projectIds}. The GridFS files are found by their {@code projectId}
     * metadata, which also finds files orphaned by a failed delete. The embedded store has no
     * index for that field or for the versions' {@code projectId} and scans; the purge runs rarely.
     *
     * @return the number of version documents deleted
     */
    long deleteProject(String projectId) {
        deleteFiles(BASES, projectId);
        deleteFiles(THUMBNAILS, projectId);
        long deleted = versions().deleteMany(Filters.eq("projectId", projectId)).getDeletedCount();
        heads().deleteOne(Filters.eq("_id", projectId));
        return deleted;
    }

    private void deleteFiles(String bucketName, String projectId) {
        List<ObjectId> files = new ArrayList<>();
        bucket(bucketName).find(Filters.eq("metadata.projectId", projectId)).forEach(file -> files.add(file.getObjectId()));
        files.forEach(bucket(bucketName)::delete);
    }

    SnapshotCodec codec() {
        return codec;
    }

    private GridFSBucket bucket(String name) {
        return storage.bucket(name);
    }
}
