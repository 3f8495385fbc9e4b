package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.account.UserInfo;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;

/**
 * A stored user.
 *
 * @param passwordHash       PHC-format Argon2id hash, or {@code null} until the user sets a password
 * @param sessionsValidAfter sessions created before this time are rejected; raising it ends every
 *                           session of the user with one write
 */
record UserRecord(String id, String email, String emailKey, String displayName, String passwordHash,
        boolean admin, boolean disabled, Instant createdAt, Instant sessionsValidAfter) {

    static final String EMAIL_KEY = "emailKey";

    static UserRecord from(Document doc) {
        return new UserRecord(doc.getString("_id"), doc.getString("email"), doc.getString(EMAIL_KEY),
                doc.getString("displayName"), doc.getString("passwordHash"), doc.getBoolean("admin", false),
                doc.getBoolean("disabled", false), instant(doc, "createdAt"), instant(doc, "sessionsValidAfter"));
    }

    Document toDocument() {
        return new Document("_id", id)
                .append("email", email)
                .append(EMAIL_KEY, emailKey)
                .append("displayName", displayName)
                .append("passwordHash", passwordHash)
                .append("admin", admin)
                .append("disabled", disabled)
                .append("createdAt", Date.from(createdAt))
                .append("sessionsValidAfter", Date.from(sessionsValidAfter));
    }

    UserInfo info() {
        return new UserInfo(id, email, displayName, admin, disabled, createdAt);
    }

    static Instant instant(Document doc, String field) {
        Date value = doc.getDate(field);
        return value == null ? null : value.toInstant();
    }
}
