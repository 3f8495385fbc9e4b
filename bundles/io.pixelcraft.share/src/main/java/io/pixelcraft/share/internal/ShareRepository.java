package io.pixelcraft.share.internal;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.web.ProjectRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@code shares} collection: {@code _id} is the public share id, and a unique index on
 * {@code tokenHash} serves the lookup when a link is opened, which is the hot path.
 */
final class ShareRepository {

    static final String COLLECTION = "shares";

    private final StorageService storage;

    ShareRepository(StorageService storage) {
        this.storage = storage;
    }

    private MongoCollection<Document> shares() {
        return storage.database().getCollection(COLLECTION);
    }

    void createIndexes() {
        shares().createIndex(Indexes.ascending("tokenHash"), new IndexOptions().unique(true));
        // MongoDB uses this index for listings. The embedded store ignores non-unique indexes, so
        // there listing a target's links scans the collection.
        shares().createIndex(Indexes.compoundIndex(Indexes.ascending("targetType", "targetId"), Indexes.descending("createdAt")));
    }

    void insert(ShareRecord share) {
        Document document = new Document("_id", share.id())
                .append("tokenHash", share.tokenHash())
                .append("targetType", share.targetType().jsonName())
                .append("targetId", share.targetId())
                .append("role", share.role().jsonName())
                .append("createdBy", share.createdBy())
                .append("createdAt", Date.from(share.createdAt()))
                .append("expiresAt", share.expiresAt() == null ? null : Date.from(share.expiresAt()))
                .append("revokedAt", null)
                .append("invitedEmail", share.invitedEmail())
                .append("projectId", share.projectId());
        shares().insertOne(document);
    }

    Optional<ShareRecord> findById(String shareId) {
        return Optional.ofNullable(shares().find(Filters.eq("_id", shareId)).first()).map(ShareRepository::toRecord);
    }

    Optional<ShareRecord> findByTokenHash(String tokenHash) {
        return Optional.ofNullable(shares().find(Filters.eq("tokenHash", tokenHash)).first()).map(ShareRepository::toRecord);
    }

    /** Returns the links of one target, newest first, revoked ones included. */
    List<ShareRecord> listByTarget(ShareRecord.TargetType type, String targetId) {
        List<ShareRecord> result = new ArrayList<>();
        shares().find(Filters.and(Filters.eq("targetType", type.jsonName()), Filters.eq("targetId", targetId)))
                .sort(Sorts.descending("createdAt"))
                .forEach(document -> result.add(toRecord(document)));
        return result;
    }

    /**
     * Returns the links that belong to a project, newest first, revoked ones included: its project
     * links and the image links published through it. Project links stored before the
     * {@code projectId} field existed are found by their target. The embedded store scans the
     * collection for this, as for {@link #listByTarget}.
     */
    List<ShareRecord> listByProject(String projectId) {
        Bson projectLink = Filters.and(Filters.eq("targetType", ShareRecord.TargetType.PROJECT.jsonName()),
                Filters.eq("targetId", projectId));
        List<ShareRecord> result = new ArrayList<>();
        shares().find(Filters.or(projectLink, Filters.eq("projectId", projectId)))
                .sort(Sorts.descending("createdAt"))
                .forEach(document -> result.add(toRecord(document)));
        return result;
    }

    void deleteById(String shareId) {
        shares().deleteOne(Filters.eq("_id", shareId));
    }

    /**
     * Deletes every link of one target, revoked ones included, and returns how many it deleted.
     * The embedded store scans the collection for this, as for {@link #listByTarget}.
     */
    long deleteByTarget(ShareRecord.TargetType type, String targetId) {
        return shares().deleteMany(Filters.and(Filters.eq("targetType", type.jsonName()), Filters.eq("targetId", targetId)))
                .getDeletedCount();
    }

    /** Marks the link revoked unless it already is, and returns whether this call revoked it. */
    boolean revoke(String shareId, Instant now) {
        return shares().updateOne(Filters.and(Filters.eq("_id", shareId), Filters.eq("revokedAt", null)),
                Updates.set("revokedAt", Date.from(now))).getModifiedCount() == 1;
    }

    private static ShareRecord toRecord(Document document) {
        return new ShareRecord(document.getString("_id"), document.getString("tokenHash"),
                ShareRecord.TargetType.valueOf(document.getString("targetType").toUpperCase(java.util.Locale.ROOT)),
                document.getString("targetId"), ProjectRole.fromJson(document.getString("role")),
                document.getString("createdBy"), instant(document.getDate("createdAt")),
                instant(document.getDate("expiresAt")), instant(document.getDate("revokedAt")),
                document.getString("invitedEmail"), projectId(document));
    }

    /** Returns the link's project; project links stored before the field existed name it as their target. */
    private static String projectId(Document document) {
        String projectId = document.getString("projectId");
        if (projectId == null && ShareRecord.TargetType.PROJECT.jsonName().equals(document.getString("targetType"))) {
            return document.getString("targetId");
        }
        return projectId;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
