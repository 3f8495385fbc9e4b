package io.pixelcraft.projects.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.web.ProjectRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * The {@code projects} collection, keyed by project id, and {@code project_members}, one entry per
 * user and project keyed {@code <userId>/<projectId>}, which lists a user's projects.
 *
 * <p>Without transactions in the embedded store, a project and its member entries are written one
 * after the other. The project document is authoritative: listings re-check membership against it,
 * so an entry left behind by a failed write never grants access.
 */
final class ProjectRepository {

    static final String PROJECTS = "projects";
    static final String MEMBERS = "project_members";

    private final StorageService storage;

    ProjectRepository(StorageService storage) {
        this.storage = storage;
    }

    private MongoCollection<Document> projects() {
        return storage.database().getCollection(PROJECTS);
    }

    private MongoCollection<Document> members() {
        return storage.database().getCollection(MEMBERS);
    }

    /** Creates the indexes; safe to call on every start. */
    void createIndexes() {
        // On a real MongoDB this index serves the project list. The embedded store enforces it but
        // still scans for this query, so there a listing costs time proportional to all memberships.
        members().createIndex(Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("projectId")),
                new IndexOptions().unique(true).name("userId_projectId"));
        projects().createIndex(Indexes.ascending("deletedAt"), new IndexOptions().name("deletedAt"));
    }

    Optional<ProjectRecord> find(String projectId) {
        Document document = projects().find(Filters.eq("_id", projectId)).first();
        return Optional.ofNullable(document).map(ProjectRecord::fromBson);
    }

    List<ProjectRecord> findAll(List<String> projectIds) {
        Map<String, ProjectRecord> byId = new HashMap<>();
        for (Document document : projects().find(Filters.in("_id", projectIds))) {
            ProjectRecord record = ProjectRecord.fromBson(document);
            byId.put(record.id(), record);
        }
        List<ProjectRecord> ordered = new ArrayList<>();
        for (String id : projectIds) {
            if (byId.containsKey(id)) {
                ordered.add(byId.get(id));
            }
        }
        return ordered;
    }

    void insert(ProjectRecord project) {
        projects().insertOne(project.toBson());
        project.members().forEach((userId, role) -> putMember(project.id(), userId, role));
    }

    void putMember(String projectId, String userId, ProjectRole role) {
        Document entry = new Document("_id", userId + "/" + projectId)
                .append("userId", userId).append("projectId", projectId).append("role", role.jsonName());
        members().replaceOne(Filters.eq("_id", entry.getString("_id")), entry, new ReplaceOptions().upsert(true));
    }

    void removeMember(String projectId, String userId) {
        members().deleteOne(Filters.eq("_id", userId + "/" + projectId));
    }

    /** Replaces the member list in the project document. */
    void saveMembers(String projectId, String ownerId, Map<String, ProjectRole> members, Instant now) {
        List<Document> list = new ArrayList<>();
        members.forEach((userId, role) -> list.add(new Document("userId", userId).append("role", role.jsonName())));
        projects().updateOne(Filters.eq("_id", projectId), Updates.combine(
                Updates.set("members", list), Updates.set("ownerId", ownerId), Updates.set("updatedAt", Date.from(now))));
    }

    void update(String projectId, Bson... updates) {
        projects().updateOne(Filters.eq("_id", projectId), Updates.combine(updates));
    }

    /** Records a new snapshot unless a newer one is already recorded; returns whether it did. */
    boolean recordSnapshot(String projectId, long revision, ObjectId fileId) {
        return projects().updateOne(Filters.and(Filters.eq("_id", projectId), Filters.lt("snapshotRevision", revision)),
                Updates.combine(Updates.set("snapshotRevision", revision), Updates.set("snapshotFile", fileId)))
                .getModifiedCount() == 1;
    }

    /**
     * A live project's thumbnail and the document revision that the server rendered into it.
     *
     * @param thumbnail the image's SHA-256, or {@code null}
     * @param revision  the rendered revision, or -1 when the server has not rendered one
     */
    record ThumbnailState(String thumbnail, long revision) {
    }

    /** Returns the thumbnail state of a live project, or empty when it is unknown or in the trash. */
    Optional<ThumbnailState> thumbnailState(String projectId) {
        Document document = projects().find(Filters.and(Filters.eq("_id", projectId), Filters.eq("deletedAt", null)))
                .projection(Projections.include("thumbnail", "thumbnailRevision")).first();
        return Optional.ofNullable(document).map(ProjectRepository::toThumbnailState);
    }

    /**
     * Sets a server-rendered thumbnail unless the project is in the trash or already shows this
     * revision or a later one, which happens when another node rendered it first.
     *
     * @return the state it replaced, or empty when nothing was changed
     */
    Optional<ThumbnailState> setThumbnail(String projectId, String sha256, long revision) {
        Bson older = Filters.or(Filters.exists("thumbnailRevision", false), Filters.lt("thumbnailRevision", revision));
        Document before = projects().findOneAndUpdate(
                Filters.and(Filters.eq("_id", projectId), Filters.eq("deletedAt", null), older),
                Updates.combine(Updates.set("thumbnail", sha256), Updates.set("thumbnailRevision", revision)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
        return Optional.ofNullable(before).map(ProjectRepository::toThumbnailState);
    }

    private static ThumbnailState toThumbnailState(Document document) {
        Number revision = document.get("thumbnailRevision", Number.class);
        return new ThumbnailState(document.getString("thumbnail"), revision == null ? -1 : revision.longValue());
    }

    /** Returns project ids of the user's memberships, newest project first, below the cursor. */
    List<String> memberProjectIds(String userId, String cursor, int limit) {
        Bson filter = cursor == null ? Filters.eq("userId", userId)
                : Filters.and(Filters.eq("userId", userId), Filters.lt("projectId", cursor));
        List<String> ids = new ArrayList<>();
        members().find(filter).sort(Sorts.descending("projectId")).limit(limit)
                .forEach(document -> ids.add(document.getString("projectId")));
        return ids;
    }

    /** Returns ids of projects that went to the trash before the given time. */
    List<String> trashedBefore(Instant cutoff) {
        List<String> ids = new ArrayList<>();
        projects().find(Filters.and(Filters.ne("deletedAt", null), Filters.lt("deletedAt", Date.from(cutoff))))
                .forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }

    /** Deletes a project and its member entries. */
    void delete(ProjectRecord project) {
        project.members().keySet().forEach(userId -> removeMember(project.id(), userId));
        projects().deleteOne(Filters.eq("_id", project.id()));
    }
}
