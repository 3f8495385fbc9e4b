package io.pixelcraft.testing;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectAccess;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Image metadata and references in memory, without bytes or pixels. {@link #mayRead} follows the
 * imaging bundle's rule: administrators, the uploader, anyone for an image with a
 * {@link ImageReference.Kind#PUBLIC} reference, and members of a project that references the
 * image. Project roles come from the {@link ProjectAccess} set with {@link #projectAccess}; until
 * one is set, no project grants access. Signed paths are recognisable strings, not real signatures.
 */
public final class FakeImageStore implements ImageStore {

    private final Map<String, ImageInfo> images = new ConcurrentHashMap<>();
    private final Map<String, Set<ImageReference>> references = new ConcurrentHashMap<>();
    private volatile ProjectAccess projectAccess = (userId, projectId) -> Optional.empty();

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

    /** Sets the project roles that {@link #mayRead} consults for project references. */
    public FakeImageStore projectAccess(ProjectAccess access) {
        this.projectAccess = access;
        return this;
    }

    @Override
    public Optional<ImageInfo> find(String sha256) {
        return Optional.ofNullable(images.get(sha256));
    }

    @Override
    public InputStream openBytes(String sha256) {
        throw new UnsupportedOperationException("FakeImageStore stores no bytes");
    }

    /** Throws {@link NoSuchElementException} for every image, so renders show the missing-image placeholder. */
    @Override
    public BufferedImage readPixels(String sha256) {
        throw new NoSuchElementException("FakeImageStore has no pixels of image " + sha256);
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
}
