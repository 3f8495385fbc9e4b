package io.pixelcraft.testing;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectAccess;
import io.pixelcraft.api.storage.StorageUnavailableException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * Image metadata, references and optionally bytes in memory. Images added with {@link #add} or
 * {@link #upload} have metadata only; images stored with {@link #put} or {@link #storeGenerated}
 * also keep their bytes, which must decode with ImageIO as the imaging bundle requires.
 * {@link #failStores} makes {@link #storeGenerated} fail as a store that cannot be reached does.
 *
 * <p>{@link #mayRead} follows the imaging bundle's rule: administrators, the uploader, anyone for
 * an image with a {@link ImageReference.Kind#PUBLIC} reference, and members of a project that
 * references the image. Project roles come from the {@link ProjectAccess} set with
 * {@link #projectAccess}; until one is set, no project grants access. Signed paths are
 * recognisable strings, not real signatures.
 */
public final class FakeImageStore implements ImageStore {

    private final Map<String, ImageInfo> images = new ConcurrentHashMap<>();
    private final Map<String, byte[]> bytes = new ConcurrentHashMap<>();
    private final Map<String, Set<ImageReference>> references = new ConcurrentHashMap<>();
    private final AtomicInteger storeCalls = new AtomicInteger();
    private volatile ProjectAccess projectAccess = (userId, projectId) -> Optional.empty();
    private volatile boolean failStores;

    /**
     * Stores a 640 × 480 PNG uploaded by the user, with the given references. The hash may be any
     * 64 lower-case hex digits.
     */
    public FakeImageStore add(String sha256, String uploaderId, String originalName, ImageReference... refs) {
        images.put(sha256, new ImageInfo(sha256, "image/png", 640, 480, 1000, false, uploaderId, Instant.EPOCH, originalName));
        Set<ImageReference> set = ConcurrentHashMap.newKeySet();
        set.addAll(Set.of(refs));
        references.put(sha256, set);
        return this;
    }

    /** Stores an image uploaded by the user, without a file name or references. */
    public FakeImageStore upload(String sha256, String uploaderId) {
        return add(sha256, uploaderId, null);
    }

    /**
     * Stores encoded image bytes as a user upload would, with no uploader and no references, and
     * returns their SHA-256. The metadata names the media type image/png whatever the bytes are.
     *
     * @throws IllegalArgumentException if ImageIO cannot decode the bytes
     */
    public String put(byte[] encoded) {
        try {
            return store(encoded).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException("Reading image bytes from memory failed", e);
        }
    }

    /** Sets the project roles that {@link #mayRead} consults for project references. */
    public FakeImageStore projectAccess(ProjectAccess access) {
        this.projectAccess = access;
        return this;
    }

    /**
     * Makes every following {@link #storeGenerated} call throw {@link StorageUnavailableException}
     * when {@code fail} is true, or stop doing so when it is false.
     */
    public void failStores(boolean fail) {
        this.failStores = fail;
    }

    /** Returns how many times {@link #storeGenerated} was called, including the calls that failed. */
    public int storeCalls() {
        return storeCalls.get();
    }

    @Override
    public ImageInfo storeGenerated(byte[] encoded, ImageReference reference) throws IOException {
        storeCalls.incrementAndGet();
        if (failStores) {
            throw new StorageUnavailableException("Test store is down");
        }
        ImageInfo image = store(encoded);
        link(image.sha256(), reference);
        return image;
    }

    @Override
    public Optional<ImageInfo> find(String sha256) {
        return Optional.ofNullable(images.get(sha256));
    }

    /** Throws {@link NoSuchElementException} for an unknown image and for one added without bytes. */
    @Override
    public InputStream openBytes(String sha256) {
        byte[] stored = bytes.get(sha256);
        if (stored == null) {
            throw new NoSuchElementException("FakeImageStore has no bytes of image " + sha256);
        }
        return new ByteArrayInputStream(stored);
    }

    /**
     * Decodes the stored bytes. Like {@link #openBytes}, it throws {@link NoSuchElementException}
     * for an image without bytes, so renders show the missing-image placeholder.
     */
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
        Set<ImageReference> set = references.get(sha256);
        if (set != null) {
            set.remove(reference);
        }
    }

    @Override
    public Set<ImageReference> references(String sha256) {
        return Set.copyOf(references.getOrDefault(sha256, Set.of()));
    }

    @Override
    public boolean mayRead(Principal caller, String sha256) {
        ImageInfo image = images.get(sha256);
        if (image == null) {
            return false;
        }
        if (caller.admin() || caller.userId().equals(image.uploaderId())) {
            return true;
        }
        return references(sha256).stream().anyMatch(reference -> reference.kind() == ImageReference.Kind.PUBLIC
                || (reference.kind() == ImageReference.Kind.PROJECT
                        && projectAccess.roleOf(caller.userId(), reference.id()).isPresent()));
    }

    @Override
    public String signedPath(String sha256, int thumbSize, Duration ttl) {
        String path = thumbSize == 0 ? "/images/" + sha256 : "/images/" + sha256 + "/thumb/" + thumbSize;
        return path + "?exp=" + ttl.toSeconds() + "&sig=test";
    }

    /**
     * Stores the bytes and their metadata. Storing the same bytes again keeps the first metadata,
     * as the imaging bundle does.
     */
    private ImageInfo store(byte[] encoded) throws IOException {
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(encoded));
        if (decoded == null) {
            throw new IllegalArgumentException("ImageIO cannot decode these " + encoded.length + " bytes");
        }
        String sha256 = sha256(encoded);
        bytes.putIfAbsent(sha256, encoded.clone());
        references.computeIfAbsent(sha256, key -> ConcurrentHashMap.newKeySet());
        ImageInfo image = new ImageInfo(sha256, "image/png", decoded.getWidth(), decoded.getHeight(), encoded.length,
                decoded.getColorModel().hasAlpha(), null, Instant.now(), null);
        ImageInfo first = images.putIfAbsent(sha256, image);
        return first != null ? first : image;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }
}
