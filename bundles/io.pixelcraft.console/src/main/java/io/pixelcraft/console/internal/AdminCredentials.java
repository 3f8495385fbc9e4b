package io.pixelcraft.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Creates the console administrator in Karaf's {@code users.properties} on first start.
 *
 * <p>The distribution ships without any credential. The password is random (144 bits), stored
 * only as a SHA-512 hash in the {@code {CRYPT}} form that Karaf's JAAS properties realm checks when
 * {@code encryption.enabled = true} in {@code etc/org.apache.karaf.jaas.cfg}. The hash is unsalted
 * because that is the strongest form Karaf's basic encryption reads; the password's entropy makes
 * that safe against guessing.
 */
final class AdminCredentials {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_GROUP_LINE =
            "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh";

    private static final int PASSWORD_BYTES = 18;

    private final SecureRandom random;

    AdminCredentials(SecureRandom random) {
        this.random = random;
    }

    /**
     * Adds an {@code admin} user with a new random password unless the file already defines one.
     *
     * @return the new password, or empty when an administrator already existed
     * @throws IOException when the file cannot be read or replaced
     */
    Optional<String> ensureAdmin(Path usersFile) throws IOException {
        List<String> lines = Files.exists(usersFile)
                ? Files.readAllLines(usersFile, StandardCharsets.UTF_8)
                : new ArrayList<>();
        if (definesUser(lines, ADMIN_USER)) {
            return Optional.empty();
        }

        String password = newPassword();
        List<String> updated = new ArrayList<>(lines);
        updated.add("# Generated on first start; change it with jaas:useradd / jaas:update.");
        updated.add(ADMIN_USER + " = " + hash(password) + ",_g_:admingroup");
        if (!definesUser(lines, "_g_\\:admingroup")) {
            updated.add(ADMIN_GROUP_LINE);
        }
        writeOwnerOnly(usersFile, String.join("\n", updated) + "\n");
        return Optional.of(password);
    }

    /** Returns the {@code {CRYPT}hex(SHA-512){CRYPT}} form that Karaf compares logins against. */
    static String hash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512")
                    .digest(password.getBytes(StandardCharsets.UTF_8));
            return "{CRYPT}" + HexFormat.of().formatHex(digest) + "{CRYPT}";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }

    static boolean definesUser(List<String> lines, String user) {
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            String key = trimmed.substring(0, trimmed.indexOf('=')).trim();
            if (key.equals(user)) {
                return true;
            }
        }
        return false;
    }

    private String newPassword() {
        byte[] bytes = new byte[PASSWORD_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Replaces the file atomically with content readable only by its owner. */
    static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        restrictToOwner(temp);
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        move(temp, file);
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // NOTE: on file systems without POSIX permissions the file keeps the default mode.
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
