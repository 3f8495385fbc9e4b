package io.pixelcraft.accounts.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.account.SessionInfo;
import io.pixelcraft.api.account.UserInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The console commands against a recording account service, without a Karaf shell. */
class CommandsTest {

    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    private final List<String> calls = new ArrayList<>();
    private final AccountService accounts = new AccountService() {
        @Override
        public List<UserInfo> listUsers(int offset, int limit) {
            calls.add("listUsers " + offset + " " + limit);
            return List.of(new UserInfo("u1", "ann@example.com", "Ann", true, false, CREATED));
        }

        @Override
        public Optional<UserInfo> findUser(String userId) {
            return Optional.empty();
        }

        @Override
        public Optional<UserInfo> findUserByEmail(String email) {
            return Optional.empty();
        }

        @Override
        public UserInfo createUser(String email, String displayName, boolean admin) {
            calls.add("createUser " + email + " " + displayName + " " + admin);
            return new UserInfo("u2", email, displayName, admin, false, CREATED);
        }

        @Override
        public UserInfo setDisabled(String email, boolean disabled) {
            calls.add("setDisabled " + email + " " + disabled);
            return new UserInfo("u1", email, "Ann", false, disabled, CREATED);
        }

        @Override
        public UserInfo setAdmin(String email, boolean admin) {
            calls.add("setAdmin " + email + " " + admin);
            return new UserInfo("u1", email, "Ann", admin, false, CREATED);
        }

        @Override
        public void resetPassword(String email) {
            calls.add("resetPassword " + email);
        }

        @Override
        public List<SessionInfo> listSessions(Optional<String> email) {
            calls.add("listSessions " + email.orElse("all"));
            return List.of(new SessionInfo("s1", "u1", "ann@example.com", CREATED, CREATED, CREATED.plusSeconds(3600),
                    "192.0.2.10", "Firefox"));
        }

        @Override
        public boolean revokeSession(String sessionId) {
            calls.add("revokeSession " + sessionId);
            return sessionId.equals("s1");
        }
    };

    private static String output(Callable<Object> command) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            command.call();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void userListPrintsPlainRows() throws Exception {
        UserListCommand command = new UserListCommand();
        command.accounts = accounts;
        command.noFormat = true;

        String printed = output(command::execute);

        assertThat(calls).containsExactly("listUsers 0 100");
        // ShellTable pads cells even without formatting, so compare the tab-separated cells trimmed.
        List<String> cells = Arrays.stream(printed.strip().split("\t")).map(String::strip).toList();
        assertThat(cells).containsExactly("u1", "ann@example.com", "Ann", "true", "false", "2026-12-01T10:00:00Z");
    }

    @Test
    void sessionListPrintsTable() throws Exception {
        SessionListCommand command = new SessionListCommand();
        command.accounts = accounts;
        command.email = "ann@example.com";

        String printed = output(command::execute);

        assertThat(calls).containsExactly("listSessions ann@example.com");
        assertThat(printed).contains("Session", "User agent", "s1", "Firefox");
    }

    @Test
    void userCreateConfirmsChange() throws Exception {
        UserCreateCommand command = new UserCreateCommand();
        command.accounts = accounts;
        command.email = "carol@example.com";
        command.displayName = "Carol C";
        command.admin = true;

        String printed = output(command::execute);

        assertThat(calls).containsExactly("createUser carol@example.com Carol C true");
        assertThat(printed).contains("Created user u2 <carol@example.com> as administrator");
    }

    @Test
    void adminAndDisableCommandsCallService() throws Exception {
        UserAdminGrantCommand grant = new UserAdminGrantCommand();
        grant.accounts = accounts;
        grant.email = "ann@example.com";
        UserAdminRevokeCommand revoke = new UserAdminRevokeCommand();
        revoke.accounts = accounts;
        revoke.email = "ann@example.com";
        UserDisableCommand disable = new UserDisableCommand();
        disable.accounts = accounts;
        disable.email = "ann@example.com";
        UserPasswordResetCommand reset = new UserPasswordResetCommand();
        reset.accounts = accounts;
        reset.email = "ann@example.com";

        assertThat(output(grant::execute)).contains("is an administrator");
        assertThat(output(revoke::execute)).contains("is no longer an administrator");
        assertThat(output(disable::execute)).contains("is disabled");
        assertThat(output(reset::execute)).contains("reset link was queued");
        assertThat(calls).containsExactly("setAdmin ann@example.com true", "setAdmin ann@example.com false",
                "setDisabled ann@example.com true", "resetPassword ann@example.com");
    }

    @Test
    void sessionRevokeReportsMissingIds() {
        SessionRevokeCommand command = new SessionRevokeCommand();
        command.accounts = accounts;
        command.sessionIds = List.of("s1", "s9");

        assertThatThrownBy(() -> output(command::execute)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 of 2 sessions were not found.");
        assertThat(calls).containsExactly("revokeSession s1", "revokeSession s9");
    }
}
