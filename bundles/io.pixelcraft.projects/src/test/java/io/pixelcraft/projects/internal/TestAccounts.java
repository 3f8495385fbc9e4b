package io.pixelcraft.projects.internal;

import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.account.SessionInfo;
import io.pixelcraft.api.account.UserInfo;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An account service with a fixed set of users. Only {@link #findUser} is implemented. */
final class TestAccounts implements AccountService {

    private final Map<String, UserInfo> users = new HashMap<>();

    /** Creates the service with active users of these ids. */
    TestAccounts(String... userIds) {
        for (String userId : userIds) {
            users.put(userId, user(userId, false));
        }
    }

    TestAccounts disabled(String userId) {
        users.put(userId, user(userId, true));
        return this;
    }

    private static UserInfo user(String userId, boolean disabled) {
        return new UserInfo(userId, userId + "@example.org", userId, false, disabled, Instant.EPOCH);
    }

    @Override
    public Optional<UserInfo> findUser(String userId) {
        return Optional.ofNullable(users.get(userId));
    }

    @Override
    public List<UserInfo> listUsers(int offset, int limit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<UserInfo> findUserByEmail(String email) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UserInfo createUser(String email, String displayName, boolean admin) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UserInfo setDisabled(String email, boolean disabled) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UserInfo setAdmin(String email, boolean admin) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void resetPassword(String email) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<SessionInfo> listSessions(Optional<String> email) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean revokeSession(String sessionId) {
        throw new UnsupportedOperationException();
    }
}
