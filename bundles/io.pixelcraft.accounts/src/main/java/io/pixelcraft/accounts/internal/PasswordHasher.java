package io.pixelcraft.accounts.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashing with Bouncy Castle's pure-Java generator. Hashes are stored in the
 * PHC string format used by the reference implementation and libsodium, for example
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so the parameters travel with each hash
 * and can be raised later without invalidating stored passwords.
 */
final class PasswordHasher {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final SecureRandom random = new SecureRandom();
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final String dummyHash;

    PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        // Verified against when the email is unknown, so that the response takes as long as for
        // a wrong password and timing does not reveal which emails are registered.
        this.dummyHash = hash(SecretTokens.secret());
    }

    /** Hashes a password with a new random salt and the configured parameters. */
    String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Returns whether the password matches the stored hash. A malformed or {@code null} stored
     * hash never matches, but still costs one hash computation.
     */
    boolean verify(String password, String storedHash) {
        Matcher phc = storedHash == null ? null : PHC.matcher(storedHash);
        if (phc == null || !phc.matches()) {
            verify(password, dummyHash);
            return false;
        }
        byte[] salt = B64_DECODER.decode(phc.group(4));
        byte[] expected = B64_DECODER.decode(phc.group(5));
        byte[] actual = argon2(password, salt, Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)),
                Integer.parseInt(phc.group(3)), expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of one verification without a stored hash. */
    void verifyDummy(String password) {
        verify(password, dummyHash);
    }

    /** Returns whether a stored hash uses weaker or different parameters than the configured ones. */
    boolean needsRehash(String storedHash) {
        Matcher phc = PHC.matcher(storedHash);
        return !phc.matches()
                || Integer.parseInt(phc.group(1)) != memoryKib
                || Integer.parseInt(phc.group(2)) != iterations
                || Integer.parseInt(phc.group(3)) != parallelism;
    }

    private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
            int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        // The char[] overload converts with UTF-8, the encoding other Argon2 tools use.
        generator.generateBytes(password.toCharArray(), out);
        return out;
    }
}
