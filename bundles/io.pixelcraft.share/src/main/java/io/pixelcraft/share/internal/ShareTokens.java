package io.pixelcraft.share.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Share tokens and share ids. A token is 256 bits from {@link SecureRandom} and nothing else: no
 * user id, session or access token goes into it, so a leaked link reveals no credential. Only
 * its SHA-256 is stored, so a copy of the database cannot open a share.
 */
final class ShareTokens {

    /** Random bytes per token: 256 bits, twice the 128 bits that make guessing hopeless. */
    static final int TOKEN_BYTES = 32;
    /** Base64url without padding of {@link #TOKEN_BYTES} bytes. */
    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** Public share id: 128 random bits as lower-case hex. It names a share but does not open it. */
    static final Pattern SHARE_ID = Pattern.compile("[0-9a-f]{32}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private ShareTokens() {
    }

    static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String newShareId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Returns the lower-case hex SHA-256 of the token, the form in which tokens are stored. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static boolean isWellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }
}
