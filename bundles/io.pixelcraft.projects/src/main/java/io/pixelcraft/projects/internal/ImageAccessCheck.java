package io.pixelcraft.projects.internal;

import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.api.document.ValueKind;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.web.ApiException;
import io.pixelcraft.api.web.FieldViolation;
import io.pixelcraft.api.web.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Rejects op batches and thumbnails that name an image the caller may not read. Without this
 * check, a user who learned an image's hash could place it in a project of their own, which links
 * the image to that project and lets its members download it and export it.
 *
 * <p>The rule is {@link ImageStore#mayRead}. A missing image and an image the caller may not read
 * get the same response, so callers cannot probe which hashes exist. An image that the project
 * already uses stays usable by its members, because they may read images their project
 * references. When no {@link ImageStore} is registered, every image reference is rejected.
 */
final class ImageAccessCheck {

    /** The violation rule of an op or thumbnail that names an image the caller may not read. */
    static final String NOT_READABLE = "image-not-readable";
    /** Seconds a client waits before retrying while the image store is missing. */
    private static final long STORE_RETRY_SECONDS = 5;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Supplier of the optional image store, which returns {@code null} while none is registered. */
    private final Supplier<ImageStore> images;

    ImageAccessCheck(Supplier<ImageStore> images) {
        this.images = images;
    }

    /**
     * Checks every image hash that the ops set, before any op is applied.
     *
     * @throws ApiException 400 with one violation per op and property that names an image the
     *         caller may not read, or 503 when an op names an image and no image store is registered
     */
    void checkOps(Principal caller, List<Op> ops) {
        Map<String, Boolean> decided = new HashMap<>();
        List<FieldViolation> violations = new ArrayList<>();
        Integer firstIndex = null;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op == null || op.props() == null) {
                continue;
            }
            for (Map.Entry<String, Object> entry : op.props().entrySet()) {
                String sha256 = imageHash(entry.getKey(), entry.getValue());
                if (sha256 == null) {
                    continue;
                }
                String path = "ops[" + i + "].props." + entry.getKey();
                if (!decided.computeIfAbsent(sha256, hash -> mayRead(caller, hash, path))) {
                    violations.add(new FieldViolation(path, NOT_READABLE, notReadable(path, sha256)));
                    firstIndex = firstIndex == null ? i : firstIndex;
                }
            }
        }
        if (!violations.isEmpty()) {
            throw ApiException.invalid("Op " + firstIndex + " is invalid, so no op of the batch was applied: "
                    + violations.get(0).message(), violations);
        }
    }

    /**
     * Checks a new project thumbnail. {@code null} and malformed values pass, because
     * {@link ProjectService} validates their syntax.
     *
     * @throws ApiException 400 when the caller may not read the image, 503 when no image store is registered
     */
    void checkThumbnail(Principal caller, String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return;
        }
        if (!mayRead(caller, sha256, "thumbnail")) {
            throw ApiException.invalidField("thumbnail", NOT_READABLE, notReadable("Field 'thumbnail'", sha256));
        }
    }

    /**
     * Returns the hash when the property contains image hashes ({@link ValueKind#SHA256} in the
     * engine's property table) and the value is a well-formed hash, otherwise {@code null}. The
     * engine rejects malformed values with its own rule, so they need no image lookup here.
     */
    private static String imageHash(String name, Object value) {
        Property property = Property.byJsonName(name);
        if (property == null || property.kind() != ValueKind.SHA256) {
            return null;
        }
        if (value instanceof String sha256 && SHA256.matcher(sha256).matches()) {
            return sha256;
        }
        return null;
    }

    private boolean mayRead(Principal caller, String sha256, String field) {
        ImageStore store = images.get();
        if (store == null) {
            throw ApiException.unavailable("The image store is not running, so '" + field
                    + "' cannot name an image now: retry in a few seconds", STORE_RETRY_SECONDS);
        }
        return store.mayRead(caller, sha256);
    }

    private static String notReadable(String where, String sha256) {
        return where + " names image " + sha256 + ", which does not exist or which you may not read: "
                + "upload the image yourself or use one that your project already contains";
    }
}
