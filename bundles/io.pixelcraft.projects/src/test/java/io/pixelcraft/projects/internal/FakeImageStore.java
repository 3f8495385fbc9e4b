package io.pixelcraft.projects.internal;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.web.Principal;
import io.pixelcraft.api.web.ProjectAccess;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Image uploaders and references in memory, with the imaging bundle's read rule: administrators,
 * the uploader, members of a referencing project (through {@link ProjectAccess}) and anyone for
 * public images. Pixel and byte methods are not supported.
 */
final class FakeImageStore implements ImageStore {

    private final Map<String, String> uploaders = new ConcurrentHashMap<>();
    private final Map<String, Set<ImageReference>> references = new ConcurrentHashMap<>();
    private volatile ProjectAccess projectAccess = (userId, projectId) -> Optional.empty();

    /** Stores an image as uploaded by the user. The hash is any 64 lower-case hex digits. */
    FakeImageStore upload(String sha256, String uploaderId) {
        uploaders.put(sha256, uploaderId);
        references.put(sha256, ConcurrentHashMap.newKeySet());
        return this;
    }

    FakeImageStore projectAccess(ProjectAccess access) {
        this.projectAccess = access;
        return this;
    }

    @Override
    public Optional<ImageInfo> find(String sha256) {
        throw new UnsupportedOperationException("find");
    }

    @Override
    public InputStream openBytes(String sha256) {
        throw new UnsupportedOperationException("openBytes");
    }

    @Override
    public BufferedImage readPixels(String sha256) {
        throw new NoSuchElementException("No image " + sha256);
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
        String uploader = uploaders.get(sha256);
        if (uploader == null) {
            return false;
        }
        if (caller.admin() || caller.userId().equals(uploader)) {
            return true;
        }
        return references(sha256).stream().anyMatch(reference -> reference.kind() == ImageReference.Kind.PUBLIC
                || (reference.kind() == ImageReference.Kind.PROJECT
                        && projectAccess.roleOf(caller.userId(), reference.id()).isPresent()));
    }

    @Override
    public String signedPath(String sha256, int thumbSize, Duration ttl) {
        throw new UnsupportedOperationException("signedPath");
    }
}
