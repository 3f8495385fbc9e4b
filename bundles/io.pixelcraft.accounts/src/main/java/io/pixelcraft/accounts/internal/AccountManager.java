package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.account.AccountService;
import io.pixelcraft.api.account.CredentialListener;
import io.pixelcraft.api.account.RegistrationGate;
import io.pixelcraft.api.account.SessionInfo;
import io.pixelcraft.api.account.UserInfo;
import io.pixelcraft.api.mail.MailService;
import io.pixelcraft.api.storage.StorageService;
import io.pixelcraft.api.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users, registration, password sign-in and password reset. Sessions and tokens are handled by
 * {@link Credentials}, which this component owns. It is registered under its own class as well,
 * for the authenticator and the routes of this bundle.
 */
@Component(service = { AccountService.class, AccountManager.class }, configurationPid = "io.pixelcraft.accounts")
@Designate(ocd = AccountsConfig.class)
public class AccountManager implements AccountService {

    private static final Logger LOG = LoggerFactory.getLogger(AccountManager.class);
    private static final String REGISTRATION_OPEN = "open";
    private static final String REGISTRATION_INVITE_ONLY = "invite-only";
    private static final int MAX_DISPLAY_NAME = 80;
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private final AccountStore store;
    private final MailService mail;
    private final AccountsConfig config;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy = new PasswordPolicy();
    private final AttemptLimiter accountFailures;
    private final AttemptLimiter addressFailures;
    private final AttemptLimiter resetMails;
    private final Credentials credentials;
    private final ExecutorService worker;

    private final AtomicReference<RegistrationGate> registrationGate = new AtomicReference<>();
    private final RevocationNotices notices = new RevocationNotices();

    @Activate
    public AccountManager(@Reference StorageService storage, @Reference MailService mail, AccountsConfig config) {
        this(storage, mail, config, Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pixelcraft-accounts-worker");
            thread.setDaemon(true);
            return thread;
        }));
        ((ScheduledExecutorService) worker).scheduleWithFixedDelay(this::purgeEndedLogged,
                PURGE_INTERVAL.toMinutes(), PURGE_INTERVAL.toMinutes(), TimeUnit.MINUTES);
    }

    /** For tests: a fixed clock and an executor that runs reset requests inline, with no hourly purge. */
    AccountManager(StorageService storage, MailService mail, AccountsConfig config, Clock clock,
            ExecutorService worker) {
        validate(config);
        this.store = new AccountStore(storage);
        this.mail = mail;
        this.config = config;
        // BSON dates have millisecond precision, so a clock in whole milliseconds makes the times
        // returned at sign-in equal the stored ones.
        this.clock = Clock.tick(clock, Duration.ofMillis(1));
        this.worker = worker;
        long started = System.nanoTime();
        this.hasher = new PasswordHasher(config.argon2MemoryKib(), config.argon2Iterations(), config.argon2Parallelism());
        long hashMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Duration window = Duration.ofMinutes(config.throttleWindowMinutes());
        this.accountFailures = new AttemptLimiter(config.accountMaxFailures(), window, this.clock);
        this.addressFailures = new AttemptLimiter(config.addressMaxFailures(), window, this.clock);
        this.resetMails = new AttemptLimiter(config.passwordResetsPerHour(), Duration.ofHours(1), this.clock);
        this.credentials = new Credentials(store, this.clock, Duration.ofHours(config.sessionMaxAgeHours()),
                Duration.ofMinutes(config.sessionIdleMinutes()), config.maxTokensPerUser(), notices);
        try {
            store.ensureIndexes();
        } catch (RuntimeException e) {
            // The store may still be starting; every operation retries the index creation.
            LOG.warn("Failed to create the accounts indexes; retrying on first use", e);
        }
        LOG.info("Accounts started: registration {}, Argon2id m={} KiB t={} p={} (first hash {} ms, before JIT warm-up)",
                config.registration(), config.argon2MemoryKib(), config.argon2Iterations(),
                config.argon2Parallelism(), hashMillis);
    }

    @Deactivate
    void deactivate() {
        worker.shutdown();
        LOG.info("Accounts stopped");
    }

    private static void validate(AccountsConfig config) {
        String mode = config.registration();
        if (!REGISTRATION_OPEN.equals(mode) && !REGISTRATION_INVITE_ONLY.equals(mode)) {
            throw new IllegalArgumentException("Invalid accounts configuration: registration='" + mode
                    + "'; use open or invite-only");
        }
        if (config.argon2MemoryKib() < 1024 || config.argon2Iterations() < 1 || config.argon2Parallelism() < 1) {
            throw new IllegalArgumentException("Invalid accounts configuration: argon2MemoryKib must be at least 1024,"
                    + " argon2Iterations and argon2Parallelism at least 1");
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setRegistrationGate(RegistrationGate gate) {
        registrationGate.set(gate);
    }

    void unsetRegistrationGate(RegistrationGate gate) {
        // Only forget the gate that is leaving; a replacement may already be bound.
        registrationGate.compareAndSet(gate, null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCredentialListener(CredentialListener listener) {
        notices.add(listener);
    }

    void removeCredentialListener(CredentialListener listener) {
        notices.remove(listener);
    }

    Credentials credentials() {
        return credentials;
    }

    AccountsConfig config() {
        return config;
    }

    // Registration and sign-in

    /**
     * Creates a user and signs them in.
     *
     * @throws ApiException 400 for an invalid field, 403 when registration is invite-only and the
     *         invitation is missing or not admitted, 409 when the email is taken
     */
    SignIn register(String rawEmail, String password, String rawDisplayName, String invitationToken,
            String clientAddress, String userAgent) {
        Email email = Email.parse("email", rawEmail);
        String displayName = displayName(rawDisplayName);
        policy.check("password", password, email);
        if (REGISTRATION_INVITE_ONLY.equals(config.registration())) {
            RegistrationGate gate = registrationGate.get();
            if (invitationToken == null || invitationToken.isBlank() || gate == null
                    || !gate.admit(email.address(), invitationToken)) {
                throw ApiException.forbidden("Registration is by invitation only: open the link in your invitation mail.");
            }
        }
        Instant now = clock.instant();
        UserRecord user = new UserRecord(SecretTokens.publicId(), email.address(), email.key(), displayName,
                hasher.hash(password), false, false, now, now);
        if (!store.insertUser(user)) {
            throw ApiException.conflict("An account with this email already exists: sign in or reset the password.");
        }
        LOG.info("Registered user {}", user.id());
        return credentials.createSession(user, clientAddress, userAgent);
    }

    /**
     * Checks email and password and starts a session. An unknown email, an account without a
     * password and a wrong password get the same 401 after one Argon2 computation each.
     *
     * @throws ApiException 400 for a missing field, 401 for wrong credentials, 403 for a disabled
     *         account with the right password, 429 while the account or the address is throttled
     */
    SignIn login(String rawEmail, String password, String clientAddress, String userAgent) {
        Email email = Email.parse("email", rawEmail);
        if (password == null || password.isEmpty()) {
            throw ApiException.invalidField("password", "required", "Password is missing.");
        }
        if (password.length() > PasswordPolicy.MAX_LENGTH * 2) {
            throw ApiException.invalidField("password", "max-length", "Password is longer than any valid password.");
        }
        String accountKey = "account:" + email.key();
        String addressKey = "address:" + clientAddress;
        long retryAfter = Math.max(accountFailures.retryAfterSeconds(accountKey),
                addressFailures.retryAfterSeconds(addressKey));
        if (retryAfter > 0) {
            throw ApiException.tooManyRequests("Too many failed sign-ins: try again in " + retryAfter + " seconds.",
                    retryAfter);
        }

        Optional<UserRecord> found = store.findUserByEmailKey(email.key());
        boolean matches;
        if (found.isPresent() && found.get().passwordHash() != null) {
            matches = hasher.verify(password, found.get().passwordHash());
        } else {
            hasher.verifyDummy(password);
            matches = false;
        }
        if (!matches) {
            accountFailures.record(accountKey);
            addressFailures.record(addressKey);
            LOG.info("Failed sign-in from {}{}", clientAddress, found.map(u -> " for user " + u.id()).orElse(""));
            throw ApiException.unauthorized("Email or password is incorrect.");
        }

        UserRecord user = found.get();
        if (user.disabled()) {
            throw ApiException.forbidden("This account is disabled: contact an administrator.");
        }
        accountFailures.reset(accountKey);
        if (hasher.needsRehash(user.passwordHash())) {
            store.rehashPassword(user.id(), user.passwordHash(), hasher.hash(password));
        }
        return credentials.createSession(user, clientAddress, userAgent);
    }

    // Password reset

    /**
     * Queues a reset mail when the email belongs to an enabled user. The lookup and the mail run
     * on a worker thread, so the response takes the same time whether or not the email is
     * registered.
     *
     * @throws ApiException 400 when the email is missing or malformed, which reveals nothing
     *         about registration
     */
    void requestPasswordReset(String rawEmail) {
        Email email = Email.parse("email", rawEmail);
        worker.execute(() -> {
            try {
                store.findUserByEmailKey(email.key()).filter(u -> !u.disabled())
                        .ifPresent(user -> sendResetMail(user, false));
            } catch (RuntimeException e) {
                LOG.error("Failed to queue a password reset mail", e);
            }
        });
    }

    private void sendResetMail(UserRecord user, boolean setup) {
        String key = "reset:" + user.id();
        if (!setup && resetMails.retryAfterSeconds(key) > 0) {
            LOG.info("Skipped a password reset mail for user {}: {} mails in the last hour", user.id(),
                    config.passwordResetsPerHour());
            return;
        }
        resetMails.record(key);
        String token = SecretTokens.secret();
        Instant now = clock.instant();
        store.insertReset(SecretTokens.sha256(token), user.id(), now,
                now.plus(Duration.ofMinutes(config.passwordResetMinutes())));
        String messageId = mail.enqueue(ResetMail.build(user.email(), user.displayName(), config.publicBaseUrl(), token,
                config.passwordResetMinutes(), setup));
        LOG.info("Queued password {} mail {} for user {}", setup ? "setup" : "reset", messageId, user.id());
    }

    /**
     * Sets a new password with a reset token, marks the token used, and ends every session and
     * access token: a reset often follows a takeover, and a token the intruder made must not survive it.
     *
     * @throws ApiException 400 naming {@code token} when it is unknown, used or expired, and
     *         naming {@code password} when the new password breaks a rule
     */
    void confirmPasswordReset(String token, String password) {
        if (token == null || token.isBlank()) {
            throw ApiException.invalidField("token", "required", "Reset token is missing: open the link from the mail.");
        }
        Instant now = clock.instant();
        String hash = SecretTokens.sha256(token);
        UserRecord user = store.findUsableReset(hash, now).flatMap(store::findUser)
                .orElseThrow(AccountManager::invalidResetToken);
        policy.check("password", password, new Email(user.email(), user.emailKey()));
        if (!store.claimReset(hash, now)) {
            throw invalidResetToken();
        }
        store.setPassword(user.id(), hasher.hash(password), now);
        store.revokeSessionsOfUser(user.id(), now);
        store.revokeTokensOfUser(user.id(), now);
        accountFailures.reset("account:" + user.emailKey());
        LOG.info("Password reset for user {}; all sessions and access tokens ended", user.id());
        notices.revoked(user.id());
    }

    /** Deletes ended sessions, revoked or expired tokens and expired reset links; returns the count. */
    long purgeEnded() {
        return store.purgeEnded(clock.instant(), Duration.ofMinutes(config.sessionIdleMinutes()));
    }

    private void purgeEndedLogged() {
        try {
            long deleted = purgeEnded();
            if (deleted > 0) {
                LOG.info("Deleted {} ended sessions, tokens and reset links", deleted);
            }
        } catch (RuntimeException e) {
            LOG.error("Failed to delete ended sessions, tokens and reset links; retrying in {} minutes",
                    PURGE_INTERVAL.toMinutes(), e);
        }
    }

    private static ApiException invalidResetToken() {
        return ApiException.invalidField("token", "valid",
                "Reset link is invalid, used or expired: ask for a new one.");
    }

    private static String displayName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.invalidField("displayName", "required", "Display name is missing.");
        }
        String name = raw.strip();
        if (name.codePointCount(0, name.length()) > MAX_DISPLAY_NAME) {
            throw ApiException.invalidField("displayName", "max-length",
                    "Display name is longer than " + MAX_DISPLAY_NAME + " characters.");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField("displayName", "format", "Display name must not contain control characters.");
        }
        return name;
    }

    // AccountService, for the console and other bundles

    @Override
    public List<UserInfo> listUsers(int offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1, got " + offset + " and " + limit);
        }
        return store.listUsers(offset, limit).stream().map(UserRecord::info).toList();
    }

    @Override
    public Optional<UserInfo> findUser(String userId) {
        return store.findUser(userId).map(UserRecord::info);
    }

    @Override
    public Optional<UserInfo> findUserByEmail(String email) {
        return store.findUserByEmailKey(Email.parse("email", email).key()).map(UserRecord::info);
    }

    @Override
    public UserInfo createUser(String rawEmail, String rawDisplayName, boolean admin) {
        Email email = Email.parse("email", rawEmail);
        String displayName = displayName(rawDisplayName);
        Instant now = clock.instant();
        UserRecord user = new UserRecord(SecretTokens.publicId(), email.address(), email.key(), displayName, null,
                admin, false, now, now);
        if (!store.insertUser(user)) {
            throw ApiException.conflict("An account with email " + email.address() + " already exists.");
        }
        LOG.info("Created user {} (admin: {}) from the console", user.id(), admin);
        sendResetMail(user, true);
        return user.info();
    }

    @Override
    public UserInfo setDisabled(String email, boolean disabled) {
        UserRecord user = requireUser(email);
        store.setUserFlag(user.id(), "disabled", disabled);
        if (disabled) {
            store.revokeSessionsOfUser(user.id(), clock.instant());
        }
        LOG.info("User {} {}", user.id(), disabled ? "disabled" : "enabled");
        if (disabled) {
            notices.revoked(user.id());
        }
        return store.findUser(user.id()).orElseThrow().info();
    }

    @Override
    public UserInfo setAdmin(String email, boolean admin) {
        UserRecord user = requireUser(email);
        store.setUserFlag(user.id(), "admin", admin);
        LOG.info("User {} admin flag set to {}", user.id(), admin);
        return store.findUser(user.id()).orElseThrow().info();
    }

    @Override
    public void resetPassword(String email) {
        UserRecord user = requireUser(email);
        Instant now = clock.instant();
        store.setPassword(user.id(), null, now);
        store.revokeSessionsOfUser(user.id(), now);
        store.revokeTokensOfUser(user.id(), now);
        LOG.info("Password of user {} invalidated by an administrator; all sessions and access tokens ended", user.id());
        notices.revoked(user.id());
        sendResetMail(user, false);
    }

    @Override
    public List<SessionInfo> listSessions(Optional<String> email) {
        Optional<String> userId = email.map(e -> requireUser(e).id());
        Instant now = clock.instant();
        Map<String, Optional<UserRecord>> users = new HashMap<>();
        return store.listLiveSessions(userId, now).stream()
                .filter(s -> credentials.idleDeadline(s).isAfter(now))
                .map(s -> {
                    Optional<UserRecord> user = users.computeIfAbsent(s.userId(), store::findUser);
                    return user.filter(u -> !s.createdAt().isBefore(u.sessionsValidAfter()))
                            .map(u -> new SessionInfo(s.id(), s.userId(), u.email(), s.createdAt(), s.lastSeenAt(),
                                    s.expiresAt(), s.clientAddress(), s.userAgent()));
                })
                .flatMap(Optional::stream)
                .toList();
    }

    @Override
    public boolean revokeSession(String sessionId) {
        Optional<String> userId = store.findSession(sessionId).map(SessionRecord::userId);
        boolean revoked = store.revokeSessionById(sessionId, clock.instant());
        if (revoked) {
            LOG.info("Session {} revoked from the console", sessionId);
            userId.ifPresent(notices::revoked);
        }
        return revoked;
    }

    private UserRecord requireUser(String email) {
        Email parsed = Email.parse("email", email);
        return store.findUserByEmailKey(parsed.key())
                .orElseThrow(() -> ApiException.notFound("No user has email " + parsed.address().toLowerCase(Locale.ROOT) + "."));
    }
}
