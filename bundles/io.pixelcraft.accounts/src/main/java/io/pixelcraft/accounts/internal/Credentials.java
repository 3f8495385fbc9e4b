package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.Principal.AuthMethod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sessions and personal access tokens: creating them, resolving a presented secret to a
 * {@link Principal}, and revoking them.
 */
final class Credentials {

    static final String TOKEN_PREFIX = "pct_";

    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);
    private static final Set<String> UNSAFE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    // Writing lastSeenAt on every request would double the database load of authentication;
    // idle expiry only needs it to the minute.
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_TOKEN_NAME = 100;
    private static final int MAX_USER_AGENT = 200;

    private final AccountStore store;
    private final Clock clock;
    private final Duration sessionMaxAge;
    private final Duration sessionIdle;
    private final int maxTokensPerUser;
    private final RevocationNotices notices;

    Credentials(AccountStore store, Clock clock, Duration sessionMaxAge, Duration sessionIdle, int maxTokensPerUser,
            RevocationNotices notices) {
        this.store = store;
        this.clock = clock;
        this.sessionMaxAge = sessionMaxAge;
        this.sessionIdle = sessionIdle;
        this.maxTokensPerUser = maxTokensPerUser;
        this.notices = notices;
    }

    Duration sessionMaxAge() {
        return sessionMaxAge;
    }

    // Sessions

    /** Starts a session with a new random secret and CSRF token. */
    SignIn createSession(UserRecord user, String clientAddress, String userAgent) {
        String secret = SecretTokens.secret();
        String csrfToken = SecretTokens.secret();
        Instant now = clock.instant();
        String agent = userAgent == null ? "" : userAgent.substring(0, Math.min(userAgent.length(), MAX_USER_AGENT));
        SessionRecord session = new SessionRecord(SecretTokens.sha256(secret), SecretTokens.publicId(), user.id(), now,
                now, now.plus(sessionMaxAge), null, SecretTokens.sha256(csrfToken), clientAddress, agent);
        store.insertSession(session);
        LOG.info("Session {} started for user {} from {}", session.id(), user.id(), clientAddress);
        return new SignIn(user, session, secret, csrfToken);
    }

    Instant idleDeadline(SessionRecord session) {
        return session.lastSeenAt().plus(sessionIdle);
    }

    /**
     * Resolves a session cookie. For POST, PUT, PATCH and DELETE the CSRF token must match the one
     * issued with the session.
     *
     * @param clearCookie {@code Set-Cookie} value sent with a 401 so the browser drops the stale cookie
     * @throws ApiException 401 when the session is unknown, revoked, expired or its user disabled,
     *         403 when the CSRF token is missing or wrong
     */
    Principal authenticateSession(String secret, String httpMethod, String csrfHeader, String clearCookie) {
        Instant now = clock.instant();
        SessionRecord session = store.findSessionByHash(SecretTokens.sha256(secret))
                .orElseThrow(() -> sessionRejected("Session is unknown: sign in again.", clearCookie));
        if (session.revokedAt() != null) {
            throw sessionRejected("Session has ended: sign in again.", clearCookie);
        }
        if (!session.expiresAt().isAfter(now) || !idleDeadline(session).isAfter(now)) {
            throw sessionRejected("Session has expired: sign in again.", clearCookie);
        }
        UserRecord user = store.findUser(session.userId())
                .filter(u -> !u.disabled() && !session.createdAt().isBefore(u.sessionsValidAfter()))
                .orElseThrow(() -> sessionRejected("Session has ended: sign in again.", clearCookie));

        if (UNSAFE_METHODS.contains(httpMethod)) {
            if (csrfHeader == null || !SecretTokens.constantTimeEquals(SecretTokens.sha256(csrfHeader), session.csrfHash())) {
                throw new ApiException(403, "csrf-token-invalid", "CSRF token invalid",
                        "This request needs the X-CSRF-Token header with the token from sign-in (also in the pc_csrf cookie).",
                        List.of(), Map.of());
            }
        }
        if (Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_INTERVAL) > 0) {
            store.touchSession(session.hash(), now);
        }
        return principal(user, AuthMethod.SESSION, session.id());
    }

    /** Revokes the user's session with this public id, at sign-out. */
    void endSession(String userId, String sessionId) {
        if (store.revokeSessionById(sessionId, clock.instant())) {
            LOG.info("Session {} signed out", sessionId);
            notices.revoked(userId);
        }
    }

    /**
     * Checks again that the credential behind a principal is valid, without extending its idle
     * deadline or last-use time. Looks up the session or token by its public id and the user by
     * {@code _id}, all unique keys.
     *
     * @throws ApiException 401 with the reason when the credential or its user no longer passes
     *         the checks of {@link #authenticateSession} or {@link #authenticateToken}
     */
    void validate(Principal principal) {
        Instant now = clock.instant();
        String credentialId = principal.credentialId();
        if (credentialId == null) {
            throw ApiException.unauthorized("Credential has no id: sign in again.");
        }
        if (principal.method() == AuthMethod.SESSION) {
            SessionRecord session = store.findSession(credentialId)
                    .filter(s -> s.userId().equals(principal.userId()))
                    .orElseThrow(() -> ApiException.unauthorized("Session is unknown: sign in again."));
            if (session.revokedAt() != null) {
                throw ApiException.unauthorized("Session has ended: sign in again.");
            }
            if (!session.expiresAt().isAfter(now) || !idleDeadline(session).isAfter(now)) {
                throw ApiException.unauthorized("Session has expired: sign in again.");
            }
            store.findUser(session.userId())
                    .filter(u -> !u.disabled() && !session.createdAt().isBefore(u.sessionsValidAfter()))
                    .orElseThrow(() -> ApiException.unauthorized("Session has ended: sign in again."));
            return;
        }
        TokenRecord token = store.findToken(credentialId)
                .filter(t -> t.userId().equals(principal.userId()) && t.activeAt(now))
                .orElseThrow(() -> ApiException.unauthorized("Access token is unknown, revoked or expired."));
        store.findUser(token.userId()).filter(u -> !u.disabled())
                .orElseThrow(() -> ApiException.unauthorized("Access token is unknown, revoked or expired."));
    }

    private static ApiException sessionRejected(String detail, String clearCookie) {
        return new ApiException(401, "unauthorized", "Authentication required", detail, List.of(),
                Map.of("Set-Cookie", clearCookie));
    }

    // Personal access tokens

    /**
     * Resolves a bearer token.
     *
     * @throws ApiException 401 when the token is malformed, unknown, revoked, expired or its user
     *         disabled
     */
    Principal authenticateToken(String token) {
        if (!token.startsWith(TOKEN_PREFIX)) {
            throw ApiException.unauthorized("Bearer token is not a PixelCraft personal access token (pct_...).");
        }
        Instant now = clock.instant();
        TokenRecord record = store.findTokenByHash(SecretTokens.sha256(token))
                .filter(t -> t.activeAt(now))
                .orElseThrow(() -> ApiException.unauthorized("Access token is unknown, revoked or expired."));
        UserRecord user = store.findUser(record.userId()).filter(u -> !u.disabled())
                .orElseThrow(() -> ApiException.unauthorized("Access token is unknown, revoked or expired."));
        if (record.lastUsedAt() == null || Duration.between(record.lastUsedAt(), now).compareTo(TOUCH_INTERVAL) > 0) {
            store.touchToken(record.hash(), now);
        }
        return principal(user, AuthMethod.TOKEN, record.id());
    }

    /**
     * Creates a token for the user.
     *
     * @param expiresInDays days until expiry, or {@code null} for a token that lasts until revoked
     * @throws ApiException 400 for an invalid name or expiry, 409 when the user has the maximum number of tokens
     */
    CreatedToken createToken(String userId, String name, Integer expiresInDays) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalidField("name", "required", "Token name is missing: name it after the client that uses it.");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_TOKEN_NAME || trimmed.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField("name", "format",
                    "Token name must have at most " + MAX_TOKEN_NAME + " characters and no control characters.");
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > 3650)) {
            throw ApiException.invalidField("expiresInDays", "range",
                    "expiresInDays is " + expiresInDays + ": use 1 to 3650, or leave it out for no expiry.");
        }
        if (store.listTokens(userId).size() >= maxTokensPerUser) {
            throw ApiException.conflict("You have " + maxTokensPerUser + " access tokens, the maximum: revoke one first.");
        }
        String secret = TOKEN_PREFIX + SecretTokens.secret();
        Instant now = clock.instant();
        TokenRecord record = new TokenRecord(SecretTokens.sha256(secret), SecretTokens.publicId(), userId, trimmed, now,
                null, expiresInDays == null ? null : now.plus(Duration.ofDays(expiresInDays)), null);
        store.insertToken(record);
        LOG.info("Access token {} created for user {}", record.id(), userId);
        return new CreatedToken(record, secret);
    }

    List<TokenRecord> listTokens(String userId) {
        Instant now = clock.instant();
        return store.listTokens(userId).stream().filter(t -> t.activeAt(now)).toList();
    }

    /**
     * Revokes one of the user's tokens.
     *
     * @throws ApiException 404 when the user has no active token with this id
     */
    void revokeToken(String userId, String tokenId) {
        TokenRecord record = store.findToken(tokenId).filter(t -> t.userId().equals(userId) && t.revokedAt() == null)
                .orElseThrow(() -> ApiException.notFound("You have no access token with id " + tokenId + "."));
        store.revokeToken(record.id(), clock.instant());
        LOG.info("Access token {} revoked by user {}", record.id(), userId);
        notices.revoked(userId);
    }

    private static Principal principal(UserRecord user, AuthMethod method, String credentialId) {
        return new Principal(user.id(), user.email(), user.displayName(), user.admin(), method, credentialId);
    }
}
