package io.pixelcraft.api.web;

import java.util.Objects;

/**
 * Who may call a route. The web bundle's {@link Authorizer} enforces it before the handler runs.
 *
 * @param level        the kind of caller required
 * @param minimumRole  for {@link Level#PROJECT}, the lowest project role allowed
 * @param projectParam for {@link Level#PROJECT}, the path parameter that holds the project id
 */
public record Access(Level level, ProjectRole minimumRole, String projectParam) {

    /** Kinds of callers. */
    public enum Level {
        /** Anyone, signed in or not. */
        ANONYMOUS,
        /** Any signed-in user. */
        AUTHENTICATED,
        /** Platform administrators only. */
        ADMIN,
        /** Members of the project named in the path with at least {@code minimumRole}. */
        PROJECT
    }

    public Access {
        Objects.requireNonNull(level, "level");
        if ((level == Level.PROJECT) != (minimumRole != null && projectParam != null)) {
            throw new IllegalArgumentException("Project access needs a role and a path parameter, other levels neither");
        }
    }

    public static Access anonymous() {
        return new Access(Level.ANONYMOUS, null, null);
    }

    public static Access authenticated() {
        return new Access(Level.AUTHENTICATED, null, null);
    }

    public static Access admin() {
        return new Access(Level.ADMIN, null, null);
    }

    /** Members of the project whose id is in path parameter {@code param}, with at least {@code role}. */
    public static Access project(ProjectRole role, String param) {
        return new Access(Level.PROJECT, role, param);
    }
}
