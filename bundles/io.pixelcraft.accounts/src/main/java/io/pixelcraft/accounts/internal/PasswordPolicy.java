package io.pixelcraft.accounts.internal;

import io.pixelcraft.api.web.ApiException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Rules for new passwords: at least {@value #MIN_LENGTH} characters, at most
 * {@value #MAX_LENGTH}, not the email or its local part, and not on the list of common passwords
 * in {@code common-passwords.txt}.
 */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    // Bounds the hashing work per request; Argon2 itself accepts any length.
    static final int MAX_LENGTH = 256;

    private final Set<String> common;

    PasswordPolicy() {
        this.common = loadCommonPasswords();
    }

    /**
     * Checks a new password for the user with this email.
     *
     * @throws ApiException 400 naming field {@code field} and rule {@code required},
     *         {@code min-length}, {@code max-length}, {@code not-email} or {@code common}
     */
    void check(String field, String password, Email email) {
        if (password == null || password.isEmpty()) {
            throw ApiException.invalidField(field, "required", "Password is missing.");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw ApiException.invalidField(field, "min-length",
                    "Password has " + length + " characters: use at least " + MIN_LENGTH + ".");
        }
        if (length > MAX_LENGTH) {
            throw ApiException.invalidField(field, "max-length",
                    "Password has " + length + " characters: use at most " + MAX_LENGTH + ".");
        }
        String lower = password.strip().toLowerCase(Locale.ROOT);
        String localPart = email.key().substring(0, email.key().lastIndexOf('@'));
        if (lower.contains(email.key()) || lower.equals(localPart)) {
            throw ApiException.invalidField(field, "not-email", "Password must not be your email address.");
        }
        if (common.contains(lower)) {
            throw ApiException.invalidField(field, "common",
                    "Password is one of the most common passwords: choose one that is harder to guess.");
        }
    }

    private static Set<String> loadCommonPasswords() {
        Set<String> result = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("Resource common-passwords.txt is missing from the accounts bundle");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    result.add(entry.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read common-passwords.txt", e);
        }
        return Set.copyOf(result);
    }
}
