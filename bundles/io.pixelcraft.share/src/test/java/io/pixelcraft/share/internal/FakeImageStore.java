package io.pixelcraft.share.internal;

import io.pixelcraft.api.image.ImageInfo;
import io.pixelcraft.api.image.ImageReference;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.web.Principal;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Image metadata and references in memory; signed paths are recognisable strings, not real signatures. */
final class FakeImageStore implements ImageStore {

    private final Map<String, ImageInfo> images = new ConcurrentHashMap<>();
    private final Map<String, Set<ImageReference>> references = new ConcurrentHashMap<>();

    void add(String sha256, String uploaderId, String originalName, ImageReference... refs) {
        images.put(sha256, new ImageInfo(sha256, "image/png", 640, 480, 1000, false, uploaderId, Instant.EPOCH, originalName));
        references.put(sha256, ConcurrentHashMap.newKeySet());
        references.get(sha256).addAll(Set.of(refs));
    }

    @Override
    public Optional<ImageInfo> find(String sha256) {
        return Optional.ofNullable(images.get(sha256));
    }

    @Override
    public InputStream openBytes(String sha256) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BufferedImage readPixels(String sha256) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void link(String sha256, ImageReference reference) {
        if (!images.containsKey(sha256)) {
            throw new NoSuchElementException(sha256);
        }
        references.get(sha256).add(reference);
    }

    @Override
    public void unlink(String sha256, ImageReference reference) {
        references.getOrDefault(sha256, new HashSet<>()).remove(reference);
    }

    @Override
    public Set<ImageReference> references(String sha256) {
        return Set.copyOf(references.getOrDefault(sha256, Set.of()));
    }

    /** Lets administrators, the uploader and anyone for public images read. Project roles are not modelled. */
    @Override
    public boolean mayRead(Principal caller, String sha256) {
        ImageInfo image = images.get(sha256);
        if (image == null) {
            return false;
        }
        return caller.admin() || caller.userId().equals(image.uploaderId())
                || references(sha256).stream().anyMatch(reference -> reference.kind() == ImageReference.Kind.PUBLIC);
    }

    @Override
    public String signedPath(String sha256, int thumbSize, Duration ttl) {
        String path = thumbSize == 0 ? "/images/" + sha256 : "/images/" + sha256 + "/thumb/" + thumbSize;
        return path + "?exp=" + ttl.toSeconds() + "&sig=test";
    }
}
