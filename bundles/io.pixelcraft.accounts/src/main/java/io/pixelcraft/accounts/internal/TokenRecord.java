package io.pixelcraft.accounts.internal;

import static io.pixelcraft.accounts.internal.UserRecord.instant;

import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * A stored personal access token. The document's {@code _id} is the SHA-256 of the token.
 *
 * @param expiresAt expiry, or {@code null} for a token that lasts until revoked
 */
record TokenRecord(String hash, String id, String userId, String name, Instant createdAt, Instant lastUsedAt,
        Instant expiresAt, Instant revokedAt) {

    static TokenRecord from(Document doc) {
        return new TokenRecord(doc.getString("_id"), doc.getString("tokenId"), doc.getString("userId"),
                doc.getString("name"), instant(doc, "createdAt"), instant(doc, "lastUsedAt"),
                instant(doc, "expiresAt"), instant(doc, "revokedAt"));
    }

    Document toDocument() {
        return new Document("_id", hash)
                .append("tokenId", id)
                .append("userId", userId)
                .append("name", name)
                .append("createdAt", Date.from(createdAt))
                .append("lastUsedAt", null)
                .append("expiresAt", expiresAt == null ? null : Date.from(expiresAt))
                .append("revokedAt", null);
    }

    boolean activeAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
