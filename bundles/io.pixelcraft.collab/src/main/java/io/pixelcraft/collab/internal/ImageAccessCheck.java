package io.pixelcraft.collab.internal;

import io.pixelcraft.api.document.Op;
import io.pixelcraft.api.document.OpViolation;
import io.pixelcraft.api.document.Property;
import io.pixelcraft.api.document.ValueKind;
import io.pixelcraft.api.image.ImageStore;
import io.pixelcraft.api.web.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the ops of a member's batch that name an image the member may not read. Without this
 * check, a member who learned an image's hash could place it in a project, which links the image
 * to that project and lets its members download it and export it. The projects bundle applies the
 * same rule to REST batches before they reach a room.
 *
 * <p>The rule is {@link ImageStore#mayRead}. A missing image and an image the member may not read
 * get the same violation, so clients cannot probe which hashes exist. An image that the project
 * already uses stays usable by its members, because they may read images their project references.
 */
final class ImageAccessCheck {

    /** The violation rule of an op that names an image the author may not read. */
    static final String NOT_READABLE = "image-not-readable";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * The outcome of a check.
     *
     * @param storeMissing whether an op names an image but no image store is registered, so nothing was checked
     * @param violations   one per op and property that names an image the author may not read
     */
    record Verdict(boolean storeMissing, List<OpViolation> violations) {

        boolean passed() {
            return !storeMissing && violations.isEmpty();
        }
    }

    private ImageAccessCheck() {
    }

    /**
     * Checks every image hash that the ops set. Each distinct hash costs one {@link ImageStore#mayRead}
     * call, which reads the store, so callers run this outside the room's lock.
     *
     * @param store the image store, or {@code null} while none is registered
     */
    static Verdict check(ImageStore store, Principal author, List<Op> ops) {
        Map<String, Boolean> decided = new HashMap<>();
        List<OpViolation> violations = new ArrayList<>();
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
                if (store == null) {
                    return new Verdict(true, List.of());
                }
                if (!decided.computeIfAbsent(sha256, hash -> store.mayRead(author, hash))) {
                    String field = "props." + entry.getKey();
                    violations.add(new OpViolation(i, field, NOT_READABLE, "ops[" + i + "]." + field + " names image "
                            + sha256 + ", which does not exist or which you may not read: upload the image yourself "
                            + "or use one that this project already contains"));
                }
            }
        }
        return new Verdict(false, violations);
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
}
