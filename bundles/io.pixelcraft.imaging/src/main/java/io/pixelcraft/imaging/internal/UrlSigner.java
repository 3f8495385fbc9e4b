package io.pixelcraft.imaging.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs delivery paths with HMAC-SHA256 so a private image can be handed to a browser or a CDN
 * until a fixed expiry. The signature covers the path and the expiry in epoch seconds.
 */
final class UrlSigner {

    private final SecretKeySpec key;

    UrlSigner(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("The URL signing secret must have at least 32 bytes, got " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** Returns {@code path?exp=<epoch seconds>&sig=<hex>}. */
    String sign(String path, Instant expires) {
        long expiry = expires.getEpochSecond();
        return path + "?exp=" + expiry + "&sig=" + signature(path, expiry);
    }

    /** Returns whether the signature matches the path and the expiry is still ahead of {@code now}. */
    boolean verify(String path, String expiry, String signature, Instant now) {
        if (expiry == null || signature == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(expiry);
        } catch (NumberFormatException e) {
            return false;
        }
        if (seconds <= now.getEpochSecond()) {
            return false;
        }
        byte[] expected = signature(path, seconds).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String path, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((path + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Every Java runtime provides HmacSHA256", e);
        }
    }
}
