package io.pixelcraft.accounts.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.pixelcraft.api.storage.StorageService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The accounts collections in MongoDB: {@code users}, {@code sessions}, {@code access_tokens}
 * and {@code password_resets}.
 *
 * <p>Hot paths (authenticating a request, signing in) look documents up by {@code _id} or a
 * unique index only, because the embedded store ignores non-unique indexes. Queries by
 * {@code userId} (token listing, ending all sessions of a user, the console's session list) are
 * full scans on the embedded store; a MongoDB server uses the non-unique indexes created here.
 */
final class AccountStore {

    private static final String USERS = "users";
    private static final String SESSIONS = "sessions";
    private static final String TOKENS = "access_tokens";
    private static final String RESETS = "password_resets";

    private final StorageService storage;
    private volatile boolean indexesReady;

    AccountStore(StorageService storage) {
        this.storage = storage;
    }

    /** Creates the indexes once; safe to call before every operation. */
    void ensureIndexes() {
        if (indexesReady) {
            return;
        }
        MongoDatabase db = storage.database();
        IndexOptions unique = new IndexOptions().unique(true);
        db.getCollection(USERS).createIndex(Indexes.ascending(UserRecord.EMAIL_KEY), unique);
        db.getCollection(SESSIONS).createIndex(Indexes.ascending("sessionId"), unique);
        db.getCollection(SESSIONS).createIndex(Indexes.ascending("userId"));
        db.getCollection(TOKENS).createIndex(Indexes.ascending("tokenId"), unique);
        db.getCollection(TOKENS).createIndex(Indexes.ascending("userId"));
        indexesReady = true;
    }

    private MongoCollection<Document> collection(String name) {
        ensureIndexes();
        return storage.database().getCollection(name);
    }

    // Users

    /** Inserts a user; returns {@code false} when the email key is taken. */
    boolean insertUser(UserRecord user) {
        try {
            collection(USERS).insertOne(user.toDocument());
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    Optional<UserRecord> findUser(String userId) {
        return Optional.ofNullable(collection(USERS).find(Filters.eq("_id", userId)).first()).map(UserRecord::from);
    }

    Optional<UserRecord> findUserByEmailKey(String emailKey) {
        return Optional.ofNullable(collection(USERS).find(Filters.eq(UserRecord.EMAIL_KEY, emailKey)).first())
                .map(UserRecord::from);
    }

    /** Returns users by registration time; a full scan with a sort, meant for the console. */
    List<UserRecord> listUsers(int offset, int limit) {
        List<UserRecord> result = new ArrayList<>();
        collection(USERS).find().sort(Sorts.ascending("createdAt", "_id")).skip(offset).limit(limit)
                .forEach(doc -> result.add(UserRecord.from(doc)));
        return result;
    }

    /** Sets the password hash and ends sessions created before {@code sessionsValidAfter}. */
    void setPassword(String userId, String passwordHash, Instant sessionsValidAfter) {
        collection(USERS).updateOne(Filters.eq("_id", userId), Updates.combine(
                Updates.set("passwordHash", passwordHash),
                Updates.set("sessionsValidAfter", Date.from(sessionsValidAfter))));
    }

    /** Replaces the hash of an unchanged password, after a change of the hashing parameters. */
    void rehashPassword(String userId, String oldHash, String newHash) {
        collection(USERS).updateOne(Filters.and(Filters.eq("_id", userId), Filters.eq("passwordHash", oldHash)),
                Updates.set("passwordHash", newHash));
    }

    void setUserFlag(String userId, String flag, boolean value) {
        collection(USERS).updateOne(Filters.eq("_id", userId), Updates.set(flag, value));
    }

    // Sessions

    void insertSession(SessionRecord session) {
        collection(SESSIONS).insertOne(session.toDocument());
    }

    Optional<SessionRecord> findSessionByHash(String hash) {
        return Optional.ofNullable(collection(SESSIONS).find(Filters.eq("_id", hash)).first())
                .map(SessionRecord::from);
    }

    Optional<SessionRecord> findSession(String sessionId) {
        return Optional.ofNullable(collection(SESSIONS).find(Filters.eq("sessionId", sessionId)).first())
                .map(SessionRecord::from);
    }

    void touchSession(String hash, Instant now) {
        collection(SESSIONS).updateOne(Filters.eq("_id", hash), Updates.set("lastSeenAt", Date.from(now)));
    }

    /** Marks a session revoked; returns {@code false} when it was missing or already revoked. */
    boolean revokeSession(Bson filter, Instant now) {
        return collection(SESSIONS).updateOne(Filters.and(filter, Filters.eq("revokedAt", null)),
                Updates.set("revokedAt", Date.from(now))).getModifiedCount() > 0;
    }

    boolean revokeSessionByHash(String hash, Instant now) {
        return revokeSession(Filters.eq("_id", hash), now);
    }

    boolean revokeSessionById(String sessionId, Instant now) {
        return revokeSession(Filters.eq("sessionId", sessionId), now);
    }

    /** Marks every session of a user revoked; a scan on the embedded store. */
    void revokeSessionsOfUser(String userId, Instant now) {
        collection(SESSIONS).updateMany(Filters.and(Filters.eq("userId", userId), Filters.eq("revokedAt", null)),
                Updates.set("revokedAt", Date.from(now)));
    }

    /** Marks every access token of a user revoked; a scan on the embedded store. */
    void revokeTokensOfUser(String userId, Instant now) {
        collection(TOKENS).updateMany(Filters.and(Filters.eq("userId", userId), Filters.eq("revokedAt", null)),
                Updates.set("revokedAt", Date.from(now)));
    }

    /** Returns sessions that are not revoked and not past their absolute expiry; a scan. */
    List<SessionRecord> listLiveSessions(Optional<String> userId, Instant now) {
        List<Bson> filters = new ArrayList<>();
        filters.add(Filters.eq("revokedAt", null));
        filters.add(Filters.gt("expiresAt", Date.from(now)));
        userId.ifPresent(id -> filters.add(Filters.eq("userId", id)));
        List<SessionRecord> result = new ArrayList<>();
        collection(SESSIONS).find(Filters.and(filters)).sort(Sorts.ascending("createdAt"))
                .forEach(doc -> result.add(SessionRecord.from(doc)));
        return result;
    }

    // Personal access tokens

    void insertToken(TokenRecord token) {
        collection(TOKENS).insertOne(token.toDocument());
    }

    Optional<TokenRecord> findTokenByHash(String hash) {
        return Optional.ofNullable(collection(TOKENS).find(Filters.eq("_id", hash)).first()).map(TokenRecord::from);
    }

    Optional<TokenRecord> findToken(String tokenId) {
        return Optional.ofNullable(collection(TOKENS).find(Filters.eq("tokenId", tokenId)).first())
                .map(TokenRecord::from);
    }

    /** Returns the tokens of a user that are not revoked, oldest first; a scan on the embedded store. */
    List<TokenRecord> listTokens(String userId) {
        List<TokenRecord> result = new ArrayList<>();
        collection(TOKENS).find(Filters.and(Filters.eq("userId", userId), Filters.eq("revokedAt", null)))
                .sort(Sorts.ascending("createdAt"))
                .forEach(doc -> result.add(TokenRecord.from(doc)));
        return result;
    }

    void touchToken(String hash, Instant now) {
        collection(TOKENS).updateOne(Filters.eq("_id", hash), Updates.set("lastUsedAt", Date.from(now)));
    }

    boolean revokeToken(String tokenId, Instant now) {
        return collection(TOKENS).updateOne(Filters.and(Filters.eq("tokenId", tokenId), Filters.eq("revokedAt", null)),
                Updates.set("revokedAt", Date.from(now))).getModifiedCount() > 0;
    }

    // Password resets

    void insertReset(String hash, String userId, Instant createdAt, Instant expiresAt) {
        collection(RESETS).insertOne(new Document("_id", hash)
                .append("userId", userId)
                .append("createdAt", Date.from(createdAt))
                .append("expiresAt", Date.from(expiresAt))
                .append("usedAt", null));
    }

    /** Returns the user id of an unused, unexpired reset token, or empty. */
    Optional<String> findUsableReset(String hash, Instant now) {
        Document doc = collection(RESETS).find(usableReset(hash, now)).first();
        return Optional.ofNullable(doc).map(d -> d.getString("userId"));
    }

    /**
     * Marks a reset token used. The update is conditional on {@code usedAt} being unset, so of two
     * concurrent claims only one modifies the document, without a transaction.
     */
    boolean claimReset(String hash, Instant now) {
        return collection(RESETS).updateOne(usableReset(hash, now), Updates.set("usedAt", Date.from(now)))
                .getModifiedCount() > 0;
    }

    private static Bson usableReset(String hash, Instant now) {
        return Filters.and(Filters.eq("_id", hash), Filters.eq("usedAt", null), Filters.gt("expiresAt", Date.from(now)));
    }

    // Clean-up

    /**
     * Deletes sessions that were revoked, reached their absolute expiry or went idle, tokens that
     * were revoked or expired, and reset links past their expiry. Scans all three collections on
     * the embedded store, which is why it runs hourly and not per request.
     *
     * @return the number of deleted documents
     */
    long purgeEnded(Instant now, Duration sessionIdle) {
        Date at = Date.from(now);
        long sessions = collection(SESSIONS).deleteMany(Filters.or(
                Filters.ne("revokedAt", null),
                Filters.lte("expiresAt", at),
                Filters.lte("lastSeenAt", Date.from(now.minus(sessionIdle))))).getDeletedCount();
        long tokens = collection(TOKENS).deleteMany(Filters.or(
                Filters.ne("revokedAt", null),
                Filters.and(Filters.ne("expiresAt", null), Filters.lte("expiresAt", at)))).getDeletedCount();
        long resets = collection(RESETS).deleteMany(Filters.lte("expiresAt", at)).getDeletedCount();
        return sessions + tokens + resets;
    }
}
