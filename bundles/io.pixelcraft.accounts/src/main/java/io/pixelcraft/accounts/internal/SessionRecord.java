package io.pixelcraft.accounts.internal;

import static io.pixelcraft.accounts.internal.UserRecord.instant;

import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * A stored browser session. The document's {@code _id} is the SHA-256 of the cookie value, so a
 * copy of the database cannot be used to sign in.
 *
 * @param hash     SHA-256 of the session secret (the document id)
 * @param id       public id shown in listings and used for revocation
 * @param csrfHash SHA-256 of the CSRF token handed out at sign-in
 */
record SessionRecord(String hash, String id, String userId, Instant createdAt, Instant lastSeenAt,
        Instant expiresAt, Instant revokedAt, String csrfHash, String clientAddress, String userAgent) {

    static SessionRecord from(Document doc) {
        return new SessionRecord(doc.getString("_id"), doc.getString("sessionId"), doc.getString("userId"),
                instant(doc, "createdAt"), instant(doc, "lastSeenAt"), instant(doc, "expiresAt"),
                instant(doc, "revokedAt"), doc.getString("csrfHash"), doc.getString("clientAddress"),
                doc.getString("userAgent"));
    }

    Document toDocument() {
        return new Document("_id", hash)
                .append("sessionId", id)
                .append("userId", userId)
                .append("createdAt", Date.from(createdAt))
                .append("lastSeenAt", Date.from(lastSeenAt))
                .append("expiresAt", Date.from(expiresAt))
                .append("revokedAt", null)
                .append("csrfHash", csrfHash)
                .append("clientAddress", clientAddress)
                .append("userAgent", userAgent);
    }
}
