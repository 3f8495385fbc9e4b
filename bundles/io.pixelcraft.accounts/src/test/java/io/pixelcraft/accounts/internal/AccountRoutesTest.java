package io.pixelcraft.accounts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.pixelcraft.accounts.internal.AccountRoutes.CreateTokenRequest;
import io.pixelcraft.accounts.internal.AccountRoutes.LoginRequest;
import io.pixelcraft.accounts.internal.AccountRoutes.NewTokenView;
import io.pixelcraft.accounts.internal.AccountRoutes.RegisterRequest;
import io.pixelcraft.accounts.internal.AccountRoutes.ResetConfirmRequest;
import io.pixelcraft.accounts.internal.AccountRoutes.ResetRequest;
import io.pixelcraft.accounts.internal.AccountRoutes.SignInView;
import io.pixelcraft.accounts.internal.AccountRoutes.TokenView;
import io.pixelcraft.accounts.internal.AccountRoutes.UserView;
import io.pixelcraft.accounts.internal.TestDispatcher.Result;
import io.pixelcraft.api.account.SessionInfo;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.FieldViolation;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.testing.MutableClock;
import io.pixelcraft.testing.TestConfigs;
import io.pixelcraft.testing.TestStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The account routes through the real authenticator, against a real MongoDB wire-protocol server. */
class AccountRoutesTest {

    private static final String PASSWORD = "correct horse battery";
    // Every secret the tests handle. None may appear in the log written during the tests.
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private TestStorage storage;
    private RecordingMail mail;
    private MutableClock clock;
    private AccountManager accounts;
    private TestDispatcher dispatcher;

    @BeforeEach
    void start() {
        start(Map.of());
    }

    private void start(Map<String, Object> overrides) {
        if (storage == null) {
            storage = new TestStorage();
        }
        mail = new RecordingMail();
        clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        Map<String, Object> config = new HashMap<>(Map.of("argon2MemoryKib", 1024, "argon2Iterations", 1));
        config.putAll(overrides);
        accounts = new AccountManager(storage, mail, TestConfigs.of(AccountsConfig.class, config), clock,
                new DirectExecutorService());
        dispatcher = new TestDispatcher(new AccountRoutes(accounts).routes(), new SessionAuthenticator(accounts));
        SECRETS.add(PASSWORD);
    }

    @AfterEach
    void stop() {
        storage.close();
    }

    @AfterAll
    static void logContainsNoSecret() throws IOException {
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test.log"));
        assertThat(log).as("slf4j-simple log file set by surefire").exists();
        String content = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(content).contains("Session ");
        for (String secret : SECRETS) {
            assertThat(content).as("log").doesNotContain(secret);
        }
    }

    // Helpers

    private Result register(String email, String password) {
        return dispatcher.call("POST", "/api/auth/register")
                .body(new RegisterRequest(email, password, "Ann <b>", null)).send();
    }

    private Result login(String email, String password) {
        return login(email, password, "192.0.2.10");
    }

    private Result login(String email, String password, String address) {
        Result result = dispatcher.call("POST", "/api/auth/login").body(new LoginRequest(email, password)).from(address)
                .send();
        remember(result);
        return result;
    }

    private static void remember(Result result) {
        if (result.cookie(Cookies.SESSION) != null) {
            SECRETS.add(result.cookie(Cookies.SESSION));
            SECRETS.add(result.cookie(Cookies.CSRF));
        }
    }

    /** A signed-in browser: session cookie and CSRF token. */
    private record Browser(String session, String csrf) {
    }

    private Browser signUp(String email) {
        Result result = register(email, PASSWORD);
        assertThat(result.status()).as("register %s: %s", email, result.error()).isEqualTo(201);
        remember(result);
        return new Browser(result.cookie(Cookies.SESSION), result.cookie(Cookies.CSRF));
    }

    private Result me(Browser browser) {
        return dispatcher.call("GET", "/api/me").cookie(Cookies.SESSION, browser.session()).send();
    }

    private static void assertViolation(Result result, String field, String rule) {
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.error().violations()).extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(field, rule));
    }

    // Registration

    @Test
    void registerSignsInAndSetsCookies() {
        Result result = dispatcher.call("POST", "/api/auth/register").secure()
                .body(new RegisterRequest("  Ann@Example.COM ", PASSWORD, " Ann ", null)).send();
        remember(result);

        assertThat(result.status()).isEqualTo(201);
        SignInView view = (SignInView) result.body();
        assertThat(view.user().email()).isEqualTo("Ann@example.com");
        assertThat(view.user().displayName()).isEqualTo("Ann");
        assertThat(view.csrfToken()).isEqualTo(result.cookie(Cookies.CSRF));
        String sessionCookie = result.cookies().get(0);
        assertThat(sessionCookie).startsWith("pc_session=").contains("HttpOnly", "SameSite=Lax", "Path=/", "Secure");
        assertThat(result.cookie(Cookies.SESSION)).hasSize(43);
        assertThat(result.cookies().get(1)).startsWith("pc_csrf=").doesNotContain("HttpOnly");
    }

    @Test
    void registerExistingEmailIsConflict() {
        signUp("ann@example.com");

        Result again = register("ANN@example.com", "another long password");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.error().detail()).contains("already exists");
    }

    @Test
    void registerInvalidEmailNamesFieldAndRule() {
        for (String email : List.of("ann", "ann@", "@example.com", "ann@example", "a b@example.com", "ann@exa_mple.com")) {
            assertViolation(register(email, PASSWORD), "email", "format");
        }
        assertViolation(register("  ", PASSWORD), "email", "required");
    }

    @Test
    void registerWeakPasswordNamesRule() {
        assertViolation(register("ann@example.com", "short"), "password", "min-length");
        assertViolation(register("ann@example.com", "x".repeat(257)), "password", "max-length");
        assertViolation(register("ann.longname@example.com", "Ann.Longname@example.com"), "password", "not-email");
        assertViolation(register("ann.longname@example.com", "ann.longname"), "password", "not-email");
        assertViolation(register("ann@example.com", "Password123"), "password", "common");
        assertViolation(register("ann@example.com", null), "password", "required");
    }

    @Test
    void inviteOnlyRegistrationWithoutGateIsForbidden() {
        start(Map.of("registration", "invite-only"));

        Result result = dispatcher.call("POST", "/api/auth/register")
                .body(new RegisterRequest("ann@example.com", PASSWORD, "Ann", "some-invitation")).send();

        assertThat(result.status()).isEqualTo(403);
    }

    @Test
    void inviteOnlyRegistrationNeedsAdmittedToken() {
        start(Map.of("registration", "invite-only"));
        accounts.setRegistrationGate((email, token) -> email.equals("ann@example.com") && token.equals("invite-1"));

        Result wrongToken = dispatcher.call("POST", "/api/auth/register")
                .body(new RegisterRequest("ann@example.com", PASSWORD, "Ann", "invite-2")).send();
        Result noToken = dispatcher.call("POST", "/api/auth/register")
                .body(new RegisterRequest("ann@example.com", PASSWORD, "Ann", null)).send();
        Result admitted = dispatcher.call("POST", "/api/auth/register")
                .body(new RegisterRequest("ann@example.com", PASSWORD, "Ann", "invite-1")).send();
        remember(admitted);

        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(admitted.status()).isEqualTo(201);
    }

    // Sign-in

    @Test
    void loginWithRightPasswordStartsSession() {
        signUp("ann@example.com");

        Result result = login(" ann@EXAMPLE.com", PASSWORD);

        assertThat(result.status()).isEqualTo(200);
        Result me = me(new Browser(result.cookie(Cookies.SESSION), null));
        assertThat(me.status()).isEqualTo(200);
        assertThat(((UserView) me.body()).email()).isEqualTo("ann@example.com");
    }

    @Test
    void wrongPasswordAndUnknownEmailAnswerAlike() {
        signUp("ann@example.com");

        Result wrong = login("ann@example.com", "wrong password 123");
        Result unknown = login("nobody@example.com", "wrong password 123");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.error().detail()).isEqualTo(unknown.error().detail());
        assertThat(wrong.error().code()).isEqualTo(unknown.error().code());
        assertThat(wrong.cookies()).isEmpty();
    }

    @Test
    void unknownEmailTakesAsLongAsWrongPassword() {
        start(Map.of("argon2MemoryKib", 8192, "argon2Iterations", 2, "accountMaxFailures", 100,
                "addressMaxFailures", 100));
        signUp("ann@example.com");
        long[] wrong = new long[9];
        long[] unknown = new long[9];
        for (int i = 0; i < wrong.length; i++) {
            long started = System.nanoTime();
            login("ann@example.com", "wrong password " + i);
            wrong[i] = System.nanoTime() - started;
            started = System.nanoTime();
            login("nobody" + i + "@example.com", "wrong password " + i);
            unknown[i] = System.nanoTime() - started;
        }
        java.util.Arrays.sort(wrong);
        java.util.Arrays.sort(unknown);

        // Without the dummy hash an unknown email returns about 20 times faster. The wide
        // bounds leave room for a busy build machine.
        double ratio = (double) unknown[4] / wrong[4];
        assertThat(ratio).as("median time unknown email / wrong password").isBetween(0.33, 3.0);
    }

    @Test
    void throttlesAccountAfterFiveFailures() {
        signUp("ann@example.com");
        for (int i = 0; i < 5; i++) {
            assertThat(login("ann@example.com", "wrong password " + i, "192.0.2." + (20 + i)).status()).isEqualTo(401);
        }

        Result blocked = login("ann@example.com", PASSWORD, "198.51.100.7");

        assertThat(blocked.status()).isEqualTo(429);
        long retryAfter = Long.parseLong(blocked.headers().get("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 15 * 60L + 1);

        clock.advance(Duration.ofSeconds(retryAfter));
        assertThat(login("ann@example.com", PASSWORD, "198.51.100.7").status()).isEqualTo(200);
    }

    @Test
    void throttlesUnknownEmailLikeKnownOne() {
        for (int i = 0; i < 5; i++) {
            login("nobody@example.com", "wrong password " + i, "192.0.2." + (20 + i));
        }

        assertThat(login("nobody@example.com", "wrong password", "198.51.100.7").status()).isEqualTo(429);
    }

    @Test
    void throttlesClientAddressAcrossAccounts() {
        for (int i = 0; i < 20; i++) {
            assertThat(login("user" + i + "@example.com", "wrong password", "203.0.113.5").status()).isEqualTo(401);
        }

        Result blocked = login("other@example.com", "wrong password", "203.0.113.5");
        Result elsewhere = login("other@example.com", "wrong password", "203.0.113.6");

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.headers()).containsKey("Retry-After");
        assertThat(elsewhere.status()).isEqualTo(401);
    }

    @Test
    void disabledUserCannotSignIn() {
        Browser browser = signUp("ann@example.com");

        accounts.setDisabled("ann@example.com", true);

        assertThat(me(browser).status()).isEqualTo(401);
        assertThat(login("ann@example.com", PASSWORD).status()).isEqualTo(403);
        assertThat(login("ann@example.com", "wrong password 1").status()).isEqualTo(401);
    }

    @Test
    void disablingSuspendsTokensEndsSessions() {
        Browser browser = signUp("ann@example.com");
        NewTokenView token = createToken(browser, "CI", null);

        accounts.setDisabled("ann@example.com", true);
        Result tokenWhileDisabled = dispatcher.call("GET", "/api/me").header("Authorization", "Bearer " + token.token()).send();
        accounts.setDisabled("ann@example.com", false);

        assertThat(tokenWhileDisabled.status()).isEqualTo(401);
        assertThat(dispatcher.call("GET", "/api/me").header("Authorization", "Bearer " + token.token()).send().status())
                .isEqualTo(200);
        assertThat(me(browser).status()).as("sessions stay ended after enabling").isEqualTo(401);
    }

    // Sessions

    @Test
    void logoutEndsSessionAndClearsCookies() {
        Browser browser = signUp("ann@example.com");

        Result logout = dispatcher.call("POST", "/api/auth/logout").cookie(Cookies.SESSION, browser.session())
                .header("X-CSRF-Token", browser.csrf()).send();

        assertThat(logout.status()).isEqualTo(204);
        assertThat(logout.cookies()).anyMatch(c -> c.startsWith("pc_session=;") && c.contains("Max-Age=0"));
        Result after = me(browser);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.headers().get("Set-Cookie")).startsWith("pc_session=;");
    }

    @Test
    void sessionExpiresWhenIdle() {
        start(Map.of("argon2MemoryKib", 1024, "argon2Iterations", 1, "sessionIdleMinutes", 30));
        Browser browser = signUp("ann@example.com");

        clock.advance(Duration.ofMinutes(20));
        assertThat(me(browser).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(20));
        assertThat(me(browser).status()).as("20 minutes after the last request").isEqualTo(200);
        clock.advance(Duration.ofMinutes(31));

        Result expired = me(browser);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.error().detail()).contains("expired");
    }

    @Test
    void sessionExpiresAtMaximumAge() {
        start(Map.of("argon2MemoryKib", 1024, "argon2Iterations", 1, "sessionMaxAgeHours", 2));
        Browser browser = signUp("ann@example.com");

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(39));
            assertThat(me(browser).status()).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(4));

        assertThat(me(browser).status()).isEqualTo(401);
    }

    @Test
    void revokedSessionIsRejected() {
        Browser browser = signUp("ann@example.com");
        Browser other = signUp("bob@example.com");
        List<SessionInfo> sessions = accounts.listSessions(Optional.of("ann@example.com"));
        assertThat(sessions).hasSize(1);

        assertThat(accounts.revokeSession(sessions.get(0).id())).isTrue();

        assertThat(me(browser).status()).isEqualTo(401);
        assertThat(me(other).status()).isEqualTo(200);
        assertThat(accounts.revokeSession(sessions.get(0).id())).isFalse();
        assertThat(accounts.listSessions(Optional.empty())).extracting(SessionInfo::email).containsExactly("bob@example.com");
    }

    @Test
    void unknownSessionCookieIsRejected() {
        Result result = me(new Browser(SecretTokens.secret(), null));

        assertThat(result.status()).isEqualTo(401);
    }

    // CSRF

    @Test
    void cookieRequestWithoutCsrfTokenIsRejected() {
        Browser browser = signUp("ann@example.com");

        Result missing = dispatcher.call("POST", "/api/auth/logout").cookie(Cookies.SESSION, browser.session()).send();
        Result wrong = dispatcher.call("POST", "/api/auth/logout").cookie(Cookies.SESSION, browser.session())
                .header("X-CSRF-Token", SecretTokens.secret()).send();
        Result otherSessions = dispatcher.call("DELETE", "/api/me/tokens/abc").cookie(Cookies.SESSION, browser.session())
                .header("X-CSRF-Token", signUp("bob@example.com").csrf()).send();

        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.error().code()).isEqualTo("csrf-token-invalid");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(otherSessions.status()).isEqualTo(403);
        assertThat(me(browser).status()).as("the session survives the rejected sign-out").isEqualTo(200);
    }

    @Test
    void safeMethodsNeedNoCsrfToken() {
        Browser browser = signUp("ann@example.com");

        assertThat(dispatcher.call("GET", "/api/me/tokens").cookie(Cookies.SESSION, browser.session()).send().status())
                .isEqualTo(200);
    }

    // Personal access tokens

    private NewTokenView createToken(Browser browser, String name, Integer days) {
        Result result = dispatcher.call("POST", "/api/me/tokens").cookie(Cookies.SESSION, browser.session())
                .header("X-CSRF-Token", browser.csrf()).body(new CreateTokenRequest(name, days)).send();
        assertThat(result.status()).as("create token: %s", result.error()).isEqualTo(201);
        NewTokenView token = (NewTokenView) result.body();
        SECRETS.add(token.token());
        return token;
    }

    @Test
    void tokenAuthenticatesWithoutCsrf() {
        Browser browser = signUp("ann@example.com");
        NewTokenView token = createToken(browser, "CI", 30);
        assertThat(token.token()).startsWith("pct_");

        Result me = dispatcher.call("GET", "/api/me").header("Authorization", "Bearer " + token.token()).send();
        Result delete = dispatcher.call("DELETE", "/api/me/tokens/" + token.id())
                .header("Authorization", "bearer " + token.token()).send();

        assertThat(me.status()).isEqualTo(200);
        assertThat(((UserView) me.body()).email()).isEqualTo("ann@example.com");
        assertThat(delete.status()).as("a token may revoke itself without CSRF token").isEqualTo(204);
    }

    @Test
    void tokenListShowsNoSecret() {
        Browser browser = signUp("ann@example.com");
        NewTokenView token = createToken(browser, "CI", null);

        Result list = dispatcher.call("GET", "/api/me/tokens").cookie(Cookies.SESSION, browser.session()).send();

        @SuppressWarnings("unchecked")
        List<TokenView> tokens = (List<TokenView>) list.body();
        assertThat(tokens).extracting(TokenView::id, TokenView::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple(token.id(), "CI"));
        assertThat(tokens.get(0).toString()).doesNotContain(token.token().substring(4));
        assertThat(tokens.get(0).expiresAt()).isNull();
    }

    @Test
    void revokedOrExpiredTokenIsRejected() {
        Browser browser = signUp("ann@example.com");
        NewTokenView revoked = createToken(browser, "old laptop", null);
        NewTokenView expiring = createToken(browser, "short", 1);

        Result revoke = dispatcher.call("DELETE", "/api/me/tokens/" + revoked.id()).cookie(Cookies.SESSION, browser.session())
                .header("X-CSRF-Token", browser.csrf()).send();
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(revoke.status()).isEqualTo(204);
        assertThat(dispatcher.call("GET", "/api/me").header("Authorization", "Bearer " + revoked.token()).send().status())
                .isEqualTo(401);
        assertThat(dispatcher.call("GET", "/api/me").header("Authorization", "Bearer " + expiring.token()).send().status())
                .isEqualTo(401);
        assertThat(dispatcher.call("GET", "/api/me").header("Authorization", "Bearer pct_" + SecretTokens.secret()).send()
                .status()).isEqualTo(401);
        assertThat(dispatcher.call("GET", "/api/me").header("Authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l").send()
                .status()).isEqualTo(401);
    }

    @Test
    void userCannotRevokeAnotherUsersToken() {
        Browser ann = signUp("ann@example.com");
        Browser bob = signUp("bob@example.com");
        NewTokenView token = createToken(ann, "CI", null);

        Result result = dispatcher.call("DELETE", "/api/me/tokens/" + token.id()).cookie(Cookies.SESSION, bob.session())
                .header("X-CSRF-Token", bob.csrf()).send();

        assertThat(result.status()).isEqualTo(404);
        assertThat(dispatcher.call("GET", "/api/me").header("Authorization", "Bearer " + token.token()).send().status())
                .isEqualTo(200);
    }

    @Test
    void tokenCannotCreateTokens() {
        NewTokenView token = createToken(signUp("ann@example.com"), "CI", null);

        Result result = dispatcher.call("POST", "/api/me/tokens").header("Authorization", "Bearer " + token.token())
                .body(new CreateTokenRequest("more", null)).send();

        assertThat(result.status()).isEqualTo(403);
    }

    @Test
    void tokenNameAndExpiryAreValidated() {
        Browser browser = signUp("ann@example.com");

        Result blank = dispatcher.call("POST", "/api/me/tokens").cookie(Cookies.SESSION, browser.session())
                .header("X-CSRF-Token", browser.csrf()).body(new CreateTokenRequest(" ", null)).send();
        Result days = dispatcher.call("POST", "/api/me/tokens").cookie(Cookies.SESSION, browser.session())
                .header("X-CSRF-Token", browser.csrf()).body(new CreateTokenRequest("CI", 0)).send();

        assertViolation(blank, "name", "required");
        assertViolation(days, "expiresInDays", "range");
    }

    // Password reset

    private Result requestReset(String email) {
        return dispatcher.call("POST", "/api/auth/password-reset").body(new ResetRequest(email)).send();
    }

    private Result confirmReset(String token, String password) {
        SECRETS.add(token);
        return dispatcher.call("POST", "/api/auth/password-reset/confirm").body(new ResetConfirmRequest(token, password))
                .send();
    }

    @Test
    void resetLinkSetsPasswordAndEndsSessions() {
        Browser browser = signUp("ann@example.com");

        assertThat(requestReset("ANN@example.com").status()).isEqualTo(202);
        assertThat(mail.messages).hasSize(1);
        assertThat(mail.messages.get(0).to()).isEqualTo("ann@example.com");
        String token = mail.lastToken();

        assertThat(confirmReset(token, "a brand new passphrase").status()).isEqualTo(204);
        SECRETS.add("a brand new passphrase");

        assertThat(me(browser).status()).isEqualTo(401);
        assertThat(login("ann@example.com", PASSWORD).status()).isEqualTo(401);
        assertThat(login("ann@example.com", "a brand new passphrase").status()).isEqualTo(200);
        assertThat(accounts.listSessions(Optional.of("ann@example.com"))).hasSize(1);
    }

    @Test
    void resetLinkRevokesAccessTokens() {
        Browser browser = signUp("ann@example.com");
        NewTokenView token = createToken(browser, "CI", null);
        requestReset("ann@example.com");

        assertThat(confirmReset(mail.lastToken(), "a brand new passphrase").status()).isEqualTo(204);
        SECRETS.add("a brand new passphrase");

        Result me = dispatcher.call("GET", "/api/me").header("Authorization", "Bearer " + token.token()).send();
        assertThat(me.status()).isEqualTo(401);
    }

    @Test
    void resetLinkWorksOnce() {
        signUp("ann@example.com");
        requestReset("ann@example.com");
        String token = mail.lastToken();
        assertThat(confirmReset(token, "a brand new passphrase").status()).isEqualTo(204);

        Result reuse = confirmReset(token, "yet another passphrase");

        assertViolation(reuse, "token", "valid");
        assertThat(login("ann@example.com", "a brand new passphrase").status()).isEqualTo(200);
    }

    @Test
    void resetLinkExpiresAfterThirtyMinutes() {
        signUp("ann@example.com");
        requestReset("ann@example.com");
        String token = mail.lastToken();

        clock.advance(Duration.ofMinutes(30).plusSeconds(1));

        assertViolation(confirmReset(token, "a brand new passphrase"), "token", "valid");
    }

    @Test
    void resetWithWeakPasswordKeepsLinkUsable() {
        signUp("ann@example.com");
        requestReset("ann@example.com");
        String token = mail.lastToken();

        assertViolation(confirmReset(token, "short"), "password", "min-length");
        assertThat(confirmReset(token, "a brand new passphrase").status()).isEqualTo(204);
    }

    @Test
    void resetForUnknownEmailAnswersAlike() {
        Result result = requestReset("nobody@example.com");

        assertThat(result.status()).isEqualTo(202);
        assertThat(mail.messages).isEmpty();
    }

    @Test
    void resetMailsAreLimitedPerHour() {
        signUp("ann@example.com");
        for (int i = 0; i < 5; i++) {
            assertThat(requestReset("ann@example.com").status()).isEqualTo(202);
        }

        assertThat(mail.messages).hasSize(3);
    }

    @Test
    void resetMailEscapesDisplayName() {
        signUp("ann@example.com");
        requestReset("ann@example.com");

        String html = mail.messages.get(0).html();
        assertThat(html).contains("Hello Ann &lt;b&gt;,").doesNotContain("<b>");
        assertThat(html).contains("href=\"http://127.0.0.1:8181/reset-password#token=");
    }

    @Test
    void purgeDeletesOnlyEndedCredentials() {
        Browser kept = signUp("ann@example.com");
        Browser revoked = signUp("bob@example.com");
        dispatcher.call("POST", "/api/auth/logout").cookie(Cookies.SESSION, revoked.session())
                .header("X-CSRF-Token", revoked.csrf()).send();
        NewTokenView lasting = createToken(kept, "lasting", null);
        NewTokenView expiring = createToken(kept, "expiring", 1);
        requestReset("ann@example.com");
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        assertThat(me(kept).status()).isEqualTo(200);

        long deleted = accounts.purgeEnded();

        assertThat(deleted).as("bob's session, the expired token and the reset link").isEqualTo(3);
        assertThat(me(kept).status()).isEqualTo(200);
        assertThat(dispatcher.call("GET", "/api/me").header("Authorization", "Bearer " + lasting.token()).send().status())
                .isEqualTo(200);
        assertThat(storage.database().getCollection("access_tokens").countDocuments()).isEqualTo(1);
        assertThat(expiring.id()).isNotEqualTo(lasting.id());
    }

    // Console operations

    @Test
    void consoleCreatedUserSetsPasswordByLink() {
        accounts.createUser("carol@example.com", "Carol", true);
        assertThat(login("carol@example.com", "any password 123").status()).isEqualTo(401);

        assertThat(confirmReset(mail.lastToken(), "carol's own passphrase").status()).isEqualTo(204);
        SECRETS.add("carol's own passphrase");

        Result login = login("carol@example.com", "carol's own passphrase");
        assertThat(login.status()).isEqualTo(200);
        assertThat(((SignInView) login.body()).user().admin()).isTrue();
    }

    @Test
    void consolePasswordResetInvalidatesOldPassword() {
        Browser browser = signUp("ann@example.com");

        accounts.resetPassword("ann@example.com");

        assertThat(me(browser).status()).isEqualTo(401);
        assertThat(login("ann@example.com", PASSWORD).status()).isEqualTo(401);
        assertThat(mail.messages).hasSize(1);
    }

    @Test
    void adminFlagReachesPrincipal() {
        Browser browser = signUp("ann@example.com");
        assertThat(((UserView) me(browser).body()).admin()).isFalse();

        accounts.setAdmin("ann@example.com", true);

        assertThat(((UserView) me(browser).body()).admin()).isTrue();
        assertThat(accounts.listUsers(0, 10)).singleElement().satisfies(u -> assertThat(u.admin()).isTrue());
    }

    // Revalidation of open connections

    private Principal sessionPrincipal(Browser browser) {
        return accounts.credentials().authenticateSession(browser.session(), "GET", null, "");
    }

    private static String rejection(Runnable validation) {
        try {
            validation.run();
        } catch (ApiException e) {
            assertThat(e.status()).isEqualTo(401);
            return e.detail();
        }
        throw new AssertionError("validate passed, expected 401");
    }

    @Test
    void validateAcceptsLiveSessionAndToken() {
        Browser browser = signUp("ann@example.com");
        NewTokenView token = createToken(browser, "CI", null);
        SessionAuthenticator validator = new SessionAuthenticator(accounts);

        validator.validate(sessionPrincipal(browser));
        validator.validate(accounts.credentials().authenticateToken(token.token()));
    }

    @Test
    void validateRejectsSignedOutSession() {
        Browser browser = signUp("ann@example.com");
        Principal principal = sessionPrincipal(browser);

        dispatcher.call("POST", "/api/auth/logout").cookie(Cookies.SESSION, browser.session())
                .header("X-CSRF-Token", browser.csrf()).send();

        assertThat(rejection(() -> new SessionAuthenticator(accounts).validate(principal))).contains("ended");
    }

    @Test
    void validateRejectsAfterPasswordResetAndDisable() {
        Browser ann = signUp("ann@example.com");
        Browser bob = signUp("bob@example.com");
        Principal annSession = sessionPrincipal(ann);
        Principal bobSession = sessionPrincipal(bob);
        Principal bobToken = accounts.credentials().authenticateToken(createToken(bob, "CI", null).token());

        accounts.resetPassword("ann@example.com");
        accounts.setDisabled("bob@example.com", true);

        assertThat(rejection(() -> accounts.credentials().validate(annSession))).contains("ended");
        assertThat(rejection(() -> accounts.credentials().validate(bobSession))).contains("ended");
        assertThat(rejection(() -> accounts.credentials().validate(bobToken))).contains("revoked");
    }

    @Test
    void validateRejectsRevokedExpiredOrForeignToken() {
        Browser browser = signUp("ann@example.com");
        Principal revoked = accounts.credentials().authenticateToken(createToken(browser, "old laptop", null).token());
        Principal expiring = accounts.credentials().authenticateToken(createToken(browser, "short", 1).token());
        Principal lasting = accounts.credentials().authenticateToken(createToken(browser, "CI", null).token());
        Principal foreign = new Principal("someone-else", "eve@example.com", "Eve", false, Principal.AuthMethod.TOKEN,
                lasting.credentialId());

        dispatcher.call("DELETE", "/api/me/tokens/" + revoked.credentialId()).cookie(Cookies.SESSION, browser.session())
                .header("X-CSRF-Token", browser.csrf()).send();
        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(rejection(() -> accounts.credentials().validate(revoked))).contains("revoked");
        assertThat(rejection(() -> accounts.credentials().validate(expiring))).contains("expired");
        assertThat(rejection(() -> accounts.credentials().validate(foreign))).contains("unknown");
        accounts.credentials().validate(lasting);
    }

    @Test
    void validateDoesNotExtendIdleSession() {
        start(Map.of("argon2MemoryKib", 1024, "argon2Iterations", 1, "sessionIdleMinutes", 30));
        Browser browser = signUp("ann@example.com");
        Principal principal = sessionPrincipal(browser);

        clock.advance(Duration.ofMinutes(20));
        accounts.credentials().validate(principal);
        clock.advance(Duration.ofMinutes(20));

        assertThat(rejection(() -> accounts.credentials().validate(principal))).contains("expired");
    }

    @Test
    void revocationsNotifyCredentialListeners() {
        Browser ann = signUp("ann@example.com");
        Browser bob = signUp("bob@example.com");
        Principal annSession = sessionPrincipal(ann);
        List<String> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
        accounts.addCredentialListener(notified::add);
        accounts.addCredentialListener(userId -> {
            throw new IllegalStateException("listener failure must not stop the others");
        });
        NewTokenView token = createToken(bob, "CI", null);
        String bobId = accounts.credentials().authenticateToken(token.token()).userId();

        dispatcher.call("POST", "/api/auth/logout").cookie(Cookies.SESSION, ann.session())
                .header("X-CSRF-Token", ann.csrf()).send();
        dispatcher.call("DELETE", "/api/me/tokens/" + token.id()).cookie(Cookies.SESSION, bob.session())
                .header("X-CSRF-Token", bob.csrf()).send();
        accounts.revokeSession(accounts.listSessions(Optional.of("bob@example.com")).get(0).id());
        accounts.setDisabled("bob@example.com", true);
        accounts.setDisabled("bob@example.com", false);
        accounts.resetPassword("ann@example.com");

        assertThat(notified).containsExactly(annSession.userId(), bobId, bobId, bobId, annSession.userId());
    }

    /** Runs reset requests inline, so tests see the mail at once. */
    private static final class DirectExecutorService extends java.util.concurrent.AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
