package io.pixelcraft.projects.internal;

import io.pixelcraft.api.web.ProjectRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * One stored project. The member list lives in the project document, so that the role check on
 * every request is a single {@code _id} lookup.
 *
 * @param deletedAt        when the project went to the trash, {@code null} when it is live
 * @param snapshotRevision the revision of the latest stored snapshot
 * @param snapshotFile     the GridFS file id of that snapshot
 */
record ProjectRecord(String id, String name, String ownerId, Map<String, ProjectRole> members, Instant createdAt,
        Instant updatedAt, Instant deletedAt, String thumbnail, long revision, long snapshotRevision, ObjectId snapshotFile) {

    ProjectRecord {
        members = new LinkedHashMap<>(members);
    }

    boolean inTrash() {
        return deletedAt != null;
    }

    ProjectRole roleOf(String userId) {
        return members.get(userId);
    }

    Document toBson() {
        List<Document> memberList = new ArrayList<>();
        members.forEach((userId, role) -> memberList.add(new Document("userId", userId).append("role", role.jsonName())));
        return new Document("_id", id)
                .append("name", name)
                .append("ownerId", ownerId)
                .append("members", memberList)
                .append("createdAt", Date.from(createdAt))
                .append("updatedAt", Date.from(updatedAt))
                .append("deletedAt", deletedAt == null ? null : Date.from(deletedAt))
                .append("thumbnail", thumbnail)
                .append("revision", revision)
                .append("snapshotRevision", snapshotRevision)
                .append("snapshotFile", snapshotFile);
    }

    @SuppressWarnings("unchecked")
    static ProjectRecord fromBson(Document document) {
        Map<String, ProjectRole> members = new LinkedHashMap<>();
        for (Document member : (List<Document>) document.get("members")) {
            members.put(member.getString("userId"), ProjectRole.fromJson(member.getString("role")));
        }
        Date deleted = document.getDate("deletedAt");
        return new ProjectRecord(document.getString("_id"), document.getString("name"), document.getString("ownerId"),
                members, document.getDate("createdAt").toInstant(), document.getDate("updatedAt").toInstant(),
                deleted == null ? null : deleted.toInstant(), document.getString("thumbnail"),
                document.getLong("revision"), document.getLong("snapshotRevision"), document.getObjectId("snapshotFile"));
    }
}
