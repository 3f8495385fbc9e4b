package io.pixelcraft.api.account;

import io.pixelcraft.api.web.ApiException;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Manages users and their sessions, for the administration console and for bundles that look
 * users up. Sign-in, tokens and password reset for end users are REST routes of the accounts
 * bundle, not part of this service.
 *
 * <p>Methods that take an email accept any spelling of it and normalise it first. They throw
 * {@link ApiException} with status 400 for an invalid email and 404 when no user has it.
 */
@ProviderType
public interface AccountService {

    /** Returns users ordered by registration time, at most {@code limit} from {@code offset}. */
    List<UserInfo> listUsers(int offset, int limit);

    /** Returns the user with this id, or empty. */
    Optional<UserInfo> findUser(String userId);

    /** Returns the user with this email, or empty; throws 400 when the email is invalid. */
    Optional<UserInfo> findUserByEmail(String email);

    /**
     * Creates a user without a password and mails a link to set one, which is valid for the
     * password reset expiry.
     *
     * @throws ApiException 400 for an invalid email or display name, 409 when the email is taken
     */
    UserInfo createUser(String email, String displayName, boolean admin);

    /**
     * Blocks or allows sign-in. Blocking ends the user's sessions for good and suspends their
     * personal access tokens, which work again once the user is allowed back.
     */
    UserInfo setDisabled(String email, boolean disabled);

    /** Grants or revokes the platform administrator flag. */
    UserInfo setAdmin(String email, boolean admin);

    /**
     * Invalidates the user's password, ends every session and mails a link to set a new one.
     * Personal access tokens keep working; the user revokes them separately.
     */
    void resetPassword(String email);

    /** Returns active sessions, of one user when {@code email} is given, otherwise of all users. */
    List<SessionInfo> listSessions(Optional<String> email);

    /** Revokes a session by its public id; returns {@code false} when no active session has it. */
    boolean revokeSession(String sessionId);
}
