package io.pixelcraft.api.web;

import java.util.Locale;

/** A member's role in one project, from least to most rights. */
public enum ProjectRole {
    VIEWER,
    EDITOR,
    OWNER;

    /** Returns whether this role has at least the rights of {@code other}. */
    public boolean atLeast(ProjectRole other) {
        return compareTo(other) >= 0;
    }

    /** Returns the lower-case name used in JSON, for example {@code editor}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the lower-case JSON name.
     *
     * @throws IllegalArgumentException when the value is not {@code viewer}, {@code editor} or {@code owner}
     */
    public static ProjectRole fromJson(String value) {
        for (ProjectRole role : values()) {
            if (role.jsonName().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + value + "': use viewer, editor or owner");
    }
}
