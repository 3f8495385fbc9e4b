package io.pixelcraft.plugin.host.internal;

import io.pixelcraft.plugin.host.internal.sandbox.Violation;
import java.util.List;

/** Thrown when an admin operation on a plugin fails; the message is meant for the administrator. */
public class PluginAdminException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Kinds of failures, which the REST routes map to status codes. */
    public enum Kind {
        /** The upload is not a readable bundle jar. */
        INVALID,
        /** The bundle is no plugin, or failed the sandbox inspection or resolution. */
        REJECTED,
        /** No plugin has the given symbolic name. */
        NOT_FOUND,
        /** The framework refused the operation. */
        FAILED
    }

    private final Kind kind;
    private final transient List<Violation> violations;

    public PluginAdminException(Kind kind, String message, List<Violation> violations) {
        super(message);
        this.kind = kind;
        this.violations = List.copyOf(violations);
    }

    public PluginAdminException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.violations = List.of();
    }

    public Kind kind() {
        return kind;
    }

    public List<Violation> violations() {
        return violations;
    }
}
