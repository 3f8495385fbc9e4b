package io.pixelcraft.accounts.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of accounts, sessions and sign-in protection (PID {@code io.pixelcraft.accounts}). */
@ObjectClassDefinition(name = "PixelCraft accounts", description = "Registration, sessions, password hashing and sign-in throttling.")
public @interface AccountsConfig {

    @AttributeDefinition(name = "Registration", description = "open: anyone may register; invite-only: a registration needs an invitation token that an installed RegistrationGate admits.",
            options = { @Option(label = "Open", value = "open"), @Option(label = "Invite only", value = "invite-only") })
    String registration() default "open";

    @AttributeDefinition(name = "Public base URL", description = "Scheme, host and port of the web editor, used in mailed links, without a trailing slash.")
    String publicBaseUrl() default "http://127.0.0.1:8181";

    @AttributeDefinition(name = "Session lifetime (hours)", description = "Absolute session lifetime from sign-in.", min = "1")
    int sessionMaxAgeHours() default 336;

    @AttributeDefinition(name = "Session idle timeout (minutes)", description = "A session without requests for this long ends.", min = "5")
    int sessionIdleMinutes() default 4320;

    @AttributeDefinition(name = "Argon2id memory (KiB)", min = "1024")
    int argon2MemoryKib() default 19456;

    @AttributeDefinition(name = "Argon2id iterations", min = "1")
    int argon2Iterations() default 2;

    @AttributeDefinition(name = "Argon2id parallelism", min = "1")
    int argon2Parallelism() default 1;

    @AttributeDefinition(name = "Failed sign-ins per account", description = "Failed sign-ins for one email within the window before further attempts get 429.", min = "1")
    int accountMaxFailures() default 5;

    @AttributeDefinition(name = "Failed sign-ins per client address", description = "Failed sign-ins from one client address within the window before further attempts get 429.", min = "1")
    int addressMaxFailures() default 20;

    @AttributeDefinition(name = "Throttle window (minutes)", min = "1")
    int throttleWindowMinutes() default 15;

    @AttributeDefinition(name = "Password reset expiry (minutes)", min = "5")
    int passwordResetMinutes() default 30;

    @AttributeDefinition(name = "Password reset mails per account and hour", description = "Further requests within the hour are accepted with 202 but send no mail.", min = "1")
    int passwordResetsPerHour() default 3;

    @AttributeDefinition(name = "Personal access tokens per user", min = "1")
    int maxTokensPerUser() default 50;
}
