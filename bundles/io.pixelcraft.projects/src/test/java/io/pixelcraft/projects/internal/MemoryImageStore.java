package io.pixelcraft.projects.internal;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.storage.StorageUnavailableException;
import io.pixelcraft.api.web.Principal;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Images with their bytes and references in memory, for tests of server-made thumbnails. Stored
 * bytes must decode with ImageIO, as the imaging bundle requires. {@link #failStores} makes
 * {@link #storeGenerated} fail as a store that cannot be reached does.
 */
final class MemoryImageStore implements ImageStore {

    private final Map<String, byte[]> bytes = new ConcurrentHashMap<>();
    private final Map<String, Set<ImageReference>> references = new ConcurrentHashMap<>();
    private final AtomicInteger storeCalls = new AtomicInteger();
    private volatile boolean failStores;

    /** Makes every following {@link #storeGenerated} call throw {@link StorageUnavailableException}, or stop doing so. */
    void failStores(boolean fail) {
        this.failStores = fail;
    }

    int storeCalls() {
        return storeCalls.get();
    }

    /** Adds an image as a user upload would. */
    String put(byte[] encoded) {
        String sha256 = sha256(encoded);
        bytes.put(sha256, encoded);
        references.computeIfAbsent(sha256, key -> ConcurrentHashMap.newKeySet());
        return sha256;
    }

    @Override
    public ImageInfo storeGenerated(byte[] encoded, ImageReference reference) throws IOException {
        storeCalls.incrementAndGet();
        if (failStores) {
            throw new StorageUnavailableException("Test store is down");
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(encoded));
        if (image == null) {
            throw new IllegalArgumentException("Not an image");
        }
        String sha256 = put(encoded);
        link(sha256, reference);
        return new ImageInfo(sha256, "image/png", image.getWidth(), image.getHeight(), encoded.length, true, null,
                Instant.now(), null);
    }

    @Override
    public Optional<ImageInfo> find(String sha256) {
        throw new UnsupportedOperationException("find");
    }

    @Override
    public InputStream openBytes(String sha256) {
        byte[] stored = bytes.get(sha256);
        if (stored == null) {
            throw new NoSuchElementException("No image " + sha256);
        }
        return new ByteArrayInputStream(stored);
    }

    @Override
    public BufferedImage readPixels(String sha256) throws IOException {
        try (InputStream in = openBytes(sha256)) {
            return ImageIO.read(in);
        }
    }

    @Override
    public void link(String sha256, ImageReference reference) {
        Set<ImageReference> set = references.get(sha256);
        if (set == null) {
            throw new NoSuchElementException("No image " + sha256);
        }
        set.add(reference);
    }

    @Override
    public void unlink(String sha256, ImageReference reference) {
        references.getOrDefault(sha256, ConcurrentHashMap.newKeySet()).remove(reference);
    }

    @Override
    public Set<ImageReference> references(String sha256) {
        return Set.copyOf(references.getOrDefault(sha256, Set.of()));
    }

    @Override
    public boolean mayRead(Principal caller, String sha256) {
        return bytes.containsKey(sha256);
    }

    @Override
    public String signedPath(String sha256, int thumbSize, Duration ttl) {
        throw new UnsupportedOperationException("signedPath");
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
